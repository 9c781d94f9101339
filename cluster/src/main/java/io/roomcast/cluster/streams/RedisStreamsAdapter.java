package io.roomcast.cluster.streams;

import io.lettuce.core.StreamMessage;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ClusterMessage;
import io.roomcast.cluster.protocol.ClusterMessageCodec;
import io.roomcast.cluster.protocol.ClusterMessageType;
import io.roomcast.cluster.protocol.MalformedMessageException;
import io.roomcast.cluster.protocol.Request;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.protocol.SessionCodec;
import io.roomcast.cluster.protocol.WireOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.adapter.BroadcastFlags;
import io.roomcast.socketio.adapter.BroadcastOptions;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.adapter.SavedSession;
import io.roomcast.socketio.adapter.SessionRestore;
import io.roomcast.socketio.protocol.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code @socket.io/redis-streams-adapter} 0.3.x for one namespace (protocol §6), on top of {@link ClusterAdapter}:
 * broadcasts without ack, socketsJoin/Leave and disconnectSockets are {@code XADD}ed to the namespace's stream and
 * read back by every node's read loop; broadcasts with ack, fetchSockets and serverSideEmit go over pub/sub
 * ({@code P#nsp#}), responses to the requester's {@code P#nsp#uid#}; the server count is {@code PUBSUB NUMSUB P#nsp#}.
 * Built by {@link RedisStreamsAdapterFactory}.
 *
 * <p><b>Connection state recovery.</b> With recovery on, an offset-taking broadcast is XADDed and delivered to local
 * sockets only when the read loop reads it back, with its entry id appended: every socket then gets entries in stream
 * order, whoever published them, so its last offset always means "everything up to here". Sessions are kept in Redis
 * exactly as Node keeps them ({@code SET sio:session:<pid> base64(msgpack) PX ...}), so a client may come back on any
 * node of a mixed Java/Node cluster.
 *
 * <p>Nothing received is ever thrown at lettuce or at the read loop: malformed input is logged at debug and counted
 * as {@link DropReason#MALFORMED}.
 */
public final class RedisStreamsAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);
    private static final String BROADCAST_TYPE = Integer.toString(ClusterMessageType.BROADCAST.code());

    private final StreamsAdapterOptions streamsOptions;
    private final PubSubTransport transport;
    private final RedisStreams redis;
    private final StreamReader reader;
    private final ClusterMessageCodec codec;
    private final SessionCodec sessions;
    /** Sessions of connected sockets kept in Redis, for recovery after a node loss; null when not kept. */
    private final LiveSessionStore liveSessions;
    /** Session writes not yet acknowledged by Redis: a drain waits for them before the connections close. */
    private final Set<CompletableFuture<?>> sessionWrites = ConcurrentHashMap.newKeySet();
    private final String stream;
    private final String publicChannel;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    RedisStreamsAdapter(AdapterContext context, StreamsAdapterOptions options, ScheduledExecutorService timer,
                        PubSubTransport transport, RedisStreams redis, StreamReader reader,
                        ClusterMessageCodec codec, SessionCodec sessions, LiveSessionStore liveSessions) {
        super(context, new AdapterOptions(options.channelPrefix(), options.requestsTimeout(), true)
                .withMaxPublishBytes(options.maxPublishBytes()), timer);
        this.streamsOptions = options;
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.redis = Objects.requireNonNull(redis, "redis must not be null");
        this.reader = Objects.requireNonNull(reader, "reader must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.sessions = Objects.requireNonNull(sessions, "sessions must not be null");
        this.liveSessions = liveSessions;
        this.stream = options.streamFor(context.namespace());
        this.publicChannel = options.channelPrefix() + "#" + context.namespace() + "#";
    }

    /** The stream this namespace's entries go to. */
    public String stream() {
        return stream;
    }

    /** {@code P#nsp#}: requests to every node; subscribing it is what makes this node count. */
    public String publicChannel() {
        return publicChannel;
    }

    /** {@code P#nsp#uid#}: responses to one node. */
    public String privateChannel(String nodeUid) {
        return publicChannel + nodeUid + "#";
    }

    /** Subscribes the public channel and this node's private channel on the shared pub/sub connection. */
    @Override
    public void init() {
        List<CompletableFuture<Subscription>> pending = List.of(
                transport.subscribe(publicChannel, this::onPubSubMessage),
                transport.subscribe(privateChannel(uid()), this::onPubSubMessage));
        subscribeAll(pending, subscriptions);
    }

    /** {@code PUBSUB NUMSUB P#nsp#}: every node with this namespace, this one included. */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return countSubscribers(transport, publicChannel);
    }

    // ---------------------------------------------------------------- publishing

    /** {@code XADD}; completes with the entry id. */
    @Override
    protected CompletableFuture<?> doPublish(BroadcastMessage message) {
        return append(message);
    }

    /** Joins, leaves and disconnects go to the stream; the "ephemeral" requests over pub/sub (Node's isEphemeral). */
    @Override
    protected CompletableFuture<?> doPublish(Request request) {
        if (request instanceof Request.RemoteJoin || request instanceof Request.RemoteLeave
                || request instanceof Request.RemoteDisconnect) {
            return append(request);
        }
        if (request instanceof Request.BroadcastWithAck || request instanceof Request.FetchSockets
                || request instanceof Request.ServerSideEmit) {
            return transport.publish(publicChannel, checkSize("request", codec.encodeEnvelope(
                    new ClusterMessage(uid(), namespace(), request))));
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the streams adapter has no " + request.type() + " request"));
    }

    @Override
    protected CompletableFuture<?> doPublishResponse(String requesterUid, Response response) {
        if (requesterUid == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a response needs the requester"));
        }
        return transport.publish(privateChannel(requesterUid),
                checkSize("response", codec.encodeEnvelope(new ClusterMessage(uid(), namespace(), response))));
    }

    private CompletableFuture<String> append(Object body) {
        Map<String, String> fields = codec.encodeEntry(new ClusterMessage(uid(), namespace(), body),
                streamsOptions.onlyPlaintext());
        long size = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            size += field.getKey().length() + field.getValue().length(); // characters: at most the UTF-8 bytes
        }
        checkSize("stream entry", size);
        return redis.xadd(stream, streamsOptions.maxLen(), fields);
    }

    /**
     * With recovery on, an offset-taking packet is delivered locally by the read loop when it reads the entry back
     * (see the class comment); when the XADD fails, it is delivered at once, without offset. Anything else as
     * {@link ClusterAdapter#broadcast}.
     */
    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!takesOffset(packet, opts)) {
            super.broadcast(packet, opts);
            return;
        }
        observer().broadcastPublished(namespace());
        if (opts.flags().local()) {
            deliverBroadcast(packet, opts, false); // not in the stream, so no offset
            return;
        }
        BroadcastMessage message = new BroadcastMessage(uid(), packet.withNsp(namespace()).withId(null),
                WireOptions.from(opts));
        publish("broadcast", MessageKind.BROADCAST, () -> doPublish(message)).exceptionally(error -> {
            deliverBroadcast(packet, opts, false);
            return null;
        });
    }

    /**
     * Every room with a socket on any server: the ClusterAdapter protocol has no ALL_ROOMS request, so this is
     * the union of the rooms of all sockets, from fetchSockets.
     */
    @Override
    public CompletableFuture<Set<String>> allRooms() {
        return allRoomsFromFetchSockets();
    }

    // ---------------------------------------------------------------- receiving

    /** One entry of this namespace from the read loop (loop thread, stream order). */
    void onStreamEntry(StreamMessage<String, String> entry) {
        ClusterMessage message = decodeOrDrop("stream entry " + entry.getId(), () -> codec.decodeEntry(entry.getBody()));
        if (message == null) {
            return;
        }
        Object body = message.body();
        countReceived(body instanceof BroadcastMessage ? MessageKind.BROADCAST : MessageKind.REQUEST);
        handleSafely("stream entry", () -> {
            if (uid().equals(message.uid())) {
                if (body instanceof BroadcastMessage own) {
                    onOwnBroadcast(own, entry.getId());
                }
                return; // joins, leaves and disconnects were applied when published
            }
            dispatch(body, entry.getId());
        });
    }

    /** Our own offset-taking broadcast, read back: now it is delivered locally, with its id (see broadcast). */
    private void onOwnBroadcast(BroadcastMessage own, String entryId) {
        BroadcastOptions opts = localOptions(own.opts());
        if (takesOffset(own.packet(), opts)) {
            deliverBroadcast(withOffset(own.packet(), entryId), opts, false);
        }
    }

    private void onPubSubMessage(String channel, String pattern, byte[] payload) {
        ClusterMessage message = decodeOrDrop("message on " + channel, () -> codec.decodeEnvelope(payload));
        if (message == null) {
            return;
        }
        countReceived(message.body() instanceof Response ? MessageKind.RESPONSE : MessageKind.REQUEST);
        if (!namespace().equals(message.nsp())) {
            countDropped(DropReason.WRONG_NAMESPACE);
            return;
        }
        handleSafely("message", () -> dispatch(message.body(), null));
    }

    // ---------------------------------------------------------------- connection state recovery

    @Override
    public boolean supportsConnectionStateRecovery() {
        return true;
    }

    /** {@code SET <sessionKeyPrefix><pid> base64(msgpack(session)) PX maxDisconnectionDuration}, as Node. */
    @Override
    public void persistSession(SavedSession session) {
        ConnectionStateRecovery recovery = context().connectionStateRecovery();
        if (recovery == null) {
            return;
        }
        String value;
        try {
            value = sessions.encode(session);
        } catch (RuntimeException e) {
            log.warn("session of {} on {} not saved: {}", session.sid(), namespace(), e.getMessage());
            return;
        }
        CompletableFuture<Void> saved = safely(() -> redis.set(streamsOptions.sessionKeyPrefix() + session.pid(),
                value, recovery.maxDisconnectionDuration()));
        if (liveSessions != null) {
            // after the SET on the same connection: a restorer always finds one of the two records
            saved = saved.thenCompose(ok -> liveSessions.remove(session.pid()));
        }
        tracked(saved.whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("session of {} on {} not saved: {}", session.sid(), namespace(), error.getMessage());
            }
        }));
    }

    /** Keeps the live record of a connected socket current (Roomcast's recovery after a node loss). */
    @Override
    public void sessionUpdated(SavedSession session) {
        if (liveSessions != null) {
            tracked(safely(() -> liveSessions.update(session, privateChannel(uid()))));
        }
    }

    @Override
    public void sessionClosed(String pid) {
        if (liveSessions != null) {
            tracked(safely(() -> liveSessions.remove(pid)));
        }
    }

    /** Runs a Redis write; a connection already closed (a stopping node) fails the future, never the caller. */
    private static CompletableFuture<Void> safely(java.util.function.Supplier<CompletableFuture<Void>> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void tracked(CompletableFuture<?> write) {
        sessionWrites.add(write);
        write.whenComplete((ok, error) -> sessionWrites.remove(write));
    }

    /** Waits (up to the command timeout) until Redis acknowledged every session write, e.g. those of a drain. */
    void awaitSessionWrites() {
        try {
            CompletableFuture.allOf(sessionWrites.toArray(CompletableFuture[]::new))
                    .get(streamsOptions.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("{} session write(s) of {} unconfirmed at close: {}", sessionWrites.size(), namespace(),
                    e.toString());
        }
    }

    /**
     * Takes the session ({@code MULTI GET DEL EXEC}) and checks the offset is still in the stream
     * ({@code XRANGE stream offset offset}); then, on the read loop, joins the rooms and notes the last entry the
     * loop handled, and replays what the session missed up to there. Newer entries reach the joined socket live.
     */
    @Override
    public CompletableFuture<SessionRestore> restoreSession(String pid, String offset,
                                                            Consumer<SavedSession> joinRooms) {
        if (!EntryIds.isValid(offset)) {
            return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.TRIMMED));
        }
        CompletableFuture<String> taken = redis.take(streamsOptions.sessionKeyPrefix() + pid);
        CompletableFuture<Boolean> offsetKept = redis.range(stream, offset, offset, 1).thenApply(e -> !e.isEmpty());
        return taken.thenCombine(offsetKept, SessionLookup::new)
                .handle((lookup, error) -> {
                    if (error != null) {
                        log.warn("restoring a session on {} failed: {}", namespace(), error.getMessage());
                        return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.ERROR));
                    }
                    if (lookup.value() == null) {
                        return fromLiveRecord(pid, offset, lookup.offsetKept(), joinRooms);
                    }
                    SavedSession session;
                    try {
                        session = sessions.decode(lookup.value());
                    } catch (MalformedMessageException e) {
                        log.debug("ignoring a malformed session on {}: {}", namespace(), e.getMessage());
                        return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.UNKNOWN));
                    }
                    if (!lookup.offsetKept()) {
                        return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.TRIMMED));
                    }
                    return replay(session, offset, joinRooms);
                })
                .thenCompose(restore -> restore);
    }

    /**
     * No saved session: the client's node may have died without saving it. Its live record is taken only if that
     * node is gone (nobody subscribes its private channel), so the socket cannot still be connected there.
     */
    private CompletableFuture<SessionRestore> fromLiveRecord(String pid, String offset, boolean offsetKept,
                                                             Consumer<SavedSession> joinRooms) {
        if (liveSessions == null) {
            return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.UNKNOWN));
        }
        return liveSessions.takeIfOwnerGone(pid, transport::numsub).handle((taken, error) -> {
            if (error != null) {
                log.debug("taking the live session {} on {} failed: {}", pid, namespace(), error.toString());
                return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.ERROR));
            }
            if (taken.isEmpty()) {
                return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.UNKNOWN));
            }
            if (!offsetKept) {
                return CompletableFuture.completedFuture(SessionRestore.failed(RecoveryResult.TRIMMED));
            }
            return replay(taken.get(), offset, joinRooms);
        }).thenCompose(restore -> restore);
    }

    private record SessionLookup(String value, boolean offsetKept) {
    }

    private CompletableFuture<SessionRestore> replay(SavedSession session, String offset,
                                                     Consumer<SavedSession> joinRooms) {
        long deadline = System.nanoTime() + streamsOptions.blockTime().toNanos() * 2;
        CompletableFuture<String> joinedAt = new CompletableFuture<>();
        joinWhenRead(session, offset, joinRooms, deadline, joinedAt);
        return joinedAt
                .thenCompose(last -> missedBetween(session, offset, last, new ArrayList<>()))
                .thenApply(missed -> SessionRestore.recovered(session, missed))
                .exceptionally(error -> {
                    log.warn("replaying the session of {} on {} failed: {}", session.sid(), namespace(),
                            error.getMessage());
                    return SessionRestore.failed(RecoveryResult.ERROR);
                });
    }

    /**
     * Joins on the read loop once it has handled the client's offset (a client may come from a node whose loop
     * was ahead of ours): from then on, entries up to {@code last} are replayed and later ones delivered live.
     * Gives up waiting at {@code deadline} (our loop is stuck: the client may then get a few entries twice).
     */
    private void joinWhenRead(SavedSession session, String offset, Consumer<SavedSession> joinRooms, long deadline,
                              CompletableFuture<String> joinedAt) {
        reader.onLoop(() -> {
            String last = reader.lastId();
            boolean behind = last == null || EntryIds.compare(last, offset) < 0;
            if (behind && System.nanoTime() < deadline) {
                reader.onLoopLater(() -> joinWhenRead(session, offset, joinRooms, deadline, joinedAt), 10);
                return null;
            }
            joinRooms.accept(session);
            joinedAt.complete(last == null ? offset : last);
            return null;
        }).exceptionally(error -> {
            joinedAt.completeExceptionally(error);
            return null;
        });
    }

    /** XRANGE (from, last] page by page; keeps this namespace's broadcasts that the session would have got. */
    private CompletableFuture<List<List<Object>>> missedBetween(SavedSession session, String from, String last,
                                                                List<List<Object>> missed) {
        if (EntryIds.compare(from, last) >= 0) {
            return CompletableFuture.completedFuture(missed);
        }
        int page = streamsOptions.readCount();
        return redis.range(stream, EntryIds.next(from), last, page).thenCompose(entries -> {
            for (StreamMessage<String, String> entry : entries) {
                List<Object> packet = missedPacket(session, entry);
                if (packet != null) {
                    missed.add(packet);
                }
            }
            if (entries.size() < page) {
                return CompletableFuture.completedFuture(missed);
            }
            return missedBetween(session, entries.get(entries.size() - 1).getId(), last, missed);
        });
    }

    /** The entry's event arguments with its id appended, or null when the session would not have got it. */
    private List<Object> missedPacket(SavedSession session, StreamMessage<String, String> entry) {
        Map<String, String> fields = entry.getBody();
        if (!namespace().equals(fields.get("nsp")) || !BROADCAST_TYPE.equals(fields.get("type"))) {
            return null;
        }
        ClusterMessage message = decodeOrDrop("stream entry " + entry.getId(), () -> codec.decodeEntry(fields));
        if (message == null || !(message.body() instanceof BroadcastMessage broadcast)) {
            return null; // a broadcast with ack is never in the stream; skip one anyway
        }
        BroadcastOptions opts = localOptions(broadcast.opts());
        if (!takesOffset(broadcast.packet(), opts)
                || !shouldInclude(session.rooms(), opts.rooms(), opts.except())) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) withOffset(broadcast.packet(), entry.getId()).data();
        return data;
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
        super.close();
    }
}
