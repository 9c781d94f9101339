package io.roomcast.cluster;

import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ClusterMessage;
import io.roomcast.cluster.protocol.EncodedBroadcast;
import io.roomcast.cluster.protocol.MalformedMessageException;
import io.roomcast.cluster.protocol.Request;
import io.roomcast.cluster.protocol.RequestType;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.protocol.Room;
import io.roomcast.cluster.protocol.SocketDetails;
import io.roomcast.cluster.protocol.WireFlags;
import io.roomcast.cluster.protocol.WireOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.AdapterContext;
import io.roomcast.socketio.adapter.BroadcastFlags;
import io.roomcast.socketio.adapter.BroadcastOptions;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.protocol.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The cluster core of one namespace on this node, in the shape of socket.io-adapter's {@code cluster-adapter.ts}
 * with the semantics and wire messages of {@code @socket.io/redis-adapter} 8.3's classic adapter (protocol §2).
 * It turns local broadcasts and bulk operations into messages for the other nodes, and applies theirs here.
 *
 * <p>Subclasses carry the messages: they implement {@link #doPublish(BroadcastMessage)},
 * {@link #doPublish(Request)}, {@link #doPublishResponse(String, Response)} and {@link #serverCount()}, and hand
 * what they receive, decoded, to {@link #onBroadcast}, {@link #onRequest} and {@link #onResponse}.
 *
 * <p>Rules kept here: the publisher delivers to its own sockets itself (never via its echo); a failed publish is
 * counted and logged and never prevents local delivery; nothing received is ever thrown back at the transport;
 * every cross-node request has a timeout and is forgotten when it ends.
 */
public abstract class ClusterAdapter extends Adapter {

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);

    private final AdapterOptions options;
    private final ScheduledExecutorService timer;
    private final RequestTracker requests;
    private final SecureRandom random = new SecureRandom();
    private final String uid;
    /** Broadcasts with acks this node published, by request id (Node's {@code ackRequests}). */
    private final ConcurrentMap<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    /** Whether the last publish failed: the first failure of a run is logged at warn, the recovery at info. */
    private final AtomicBoolean publishFailing = new AtomicBoolean();
    private volatile ClusterObserver observer = ClusterObserver.NONE;
    private volatile CompletableFuture<Void> subscribed = new CompletableFuture<>();

    /**
     * @param timer runs request timeouts; shared by the adapters of a node, owned by whoever created it
     */
    protected ClusterAdapter(AdapterContext context, AdapterOptions options, ScheduledExecutorService timer) {
        super(context);
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.timer = Objects.requireNonNull(timer, "timer must not be null");
        this.requests = new RequestTracker(timer);
        this.uid = randomId();
    }

    /** This adapter's id in the cluster: 16 hex characters, never {@code "emitter"}. */
    public String uid() {
        return uid;
    }

    public AdapterOptions options() {
        return options;
    }

    /** Reports this adapter's messages and requests to {@code observer} (metrics); replaces the previous one. */
    public void observe(ClusterObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer must not be null");
    }

    /** The observer set with {@link #observe}, else {@link ClusterObserver#NONE}. */
    protected ClusterObserver clusterObserver() {
        return observer;
    }

    // ---------------------------------------------------------------- template methods

    /** Publishes a broadcast to every node. */
    protected abstract CompletableFuture<?> doPublish(BroadcastMessage message);

    /** Publishes a request to every node. */
    protected abstract CompletableFuture<?> doPublish(Request request);

    /**
     * Publishes a response to the node that sent a request.
     *
     * @param requesterUid the {@code uid} of the request; null when the request had none
     */
    protected abstract CompletableFuture<?> doPublishResponse(String requesterUid, Response response);

    /** Number of nodes serving this namespace, this one included. */
    @Override
    public abstract CompletableFuture<Integer> serverCount();

    // ---------------------------------------------------------------- Redis pub/sub helpers

    /**
     * Subscribes this namespace's channels: each confirmed subscription goes to {@code into} (to unsubscribe on
     * close); the result, also {@link #subscribed()} from now on, completes once all are confirmed, and a failure is
     * logged here.
     */
    protected CompletableFuture<Void> subscribeAll(List<CompletableFuture<Subscription>> pending,
                                                   List<Subscription> into) {
        pending.forEach(future -> future.thenAccept(into::add));
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        all.whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("subscribing the channels of {} failed: {}", namespace(), error.getMessage());
            }
        });
        subscribed = all;
        return all;
    }

    /** Completes once Redis confirmed the first subscriptions of this namespace (those of {@link #init()}). */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    /** Whether {@link #subscribed()} completed without error: this node is counted and receives broadcasts. */
    public boolean isSubscribed() {
        return subscribed.isDone() && !subscribed.isCompletedExceptionally();
    }

    /** {@code PUBSUB NUMSUB channel} as the server count, timed for the {@link ClusterObserver}. */
    protected CompletableFuture<Integer> countSubscribers(PubSubTransport transport, String channel) {
        long start = System.nanoTime();
        return transport.numsub(channel)
                .whenComplete((count, error) -> {
                    if (error == null) {
                        observer.serverCountCompleted(System.nanoTime() - start);
                    } else {
                        observer.serverCountTimedOut();
                    }
                })
                .thenApply(count -> (int) Math.min(Integer.MAX_VALUE, count));
    }

    // ---------------------------------------------------------------- outgoing

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            publish("broadcast", MessageKind.BROADCAST, () -> doPublish(new BroadcastMessage(uid, packet.withNsp(namespace()).withId(null),
                    WireOptions.from(opts))));
        }
        super.broadcast(packet, opts);
    }

    /**
     * Sends the packet to matching sockets everywhere: each node reports its client count, then each client's ack,
     * through {@code clientCount} and {@code ack} (BROADCAST request, protocol §2.8). The caller, Socket.IO's
     * broadcast operator, compares the counts with {@link #serverCount()} and applies the timeout.
     */
    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<List<Object>> ack) {
        if (!opts.flags().local()) {
            String requestId = randomId();
            ackRequests.put(requestId, new AckRequest(clientCount, ack, System.nanoTime()));
            long keep = opts.flags().timeoutMillis() != null ? opts.flags().timeoutMillis()
                    : options.requestsTimeout().toMillis();
            // as Node: the entry lives as long as the requester waits; later responses are ignored
            try {
                timer.schedule(() -> ackRequests.remove(requestId), keep, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                ackRequests.remove(requestId); // the factory is closed: nothing will answer
            }
            publish("broadcast with ack", MessageKind.REQUEST, () -> doPublish(new Request.BroadcastWithAck(uid, requestId,
                    packet.withNsp(namespace()).withId(null), WireOptions.from(opts))))
                    .exceptionally(error -> {
                        ackRequests.remove(requestId);
                        return null;
                    });
        }
        super.broadcastWithAck(packet, opts, clientCount, ack);
    }

    /** Local and remote sockets; remote ones are {@link RemoteSocket}s whose operations go to their node. */
    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        CompletableFuture<List<RemoteSocket>> local = super.fetchSockets(opts);
        if (opts.flags().local()) {
            return local;
        }
        return request(RequestType.REMOTE_FETCH, "fetchSockets",
                requestId -> new Request.FetchSockets(uid, requestId, requestOptions(opts)), this::remoteSockets)
                .thenCombine(local, (responses, mine) -> {
                    List<RemoteSocket> all = new ArrayList<>(mine);
                    for (Response response : responses) {
                        if (response instanceof Response.FetchSockets fetched) {
                            fetched.sockets().forEach(details -> all.add(remoteSocket(details)));
                        }
                    }
                    return Collections.unmodifiableList(all);
                });
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish("socketsJoin", MessageKind.REQUEST, () -> doPublish(new Request.RemoteJoin(uid, requestOptions(opts), rooms(rooms))));
        }
        super.addSockets(opts, rooms); // Node applies its own on the echo; we apply now and ignore the echo
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish("socketsLeave", MessageKind.REQUEST, () -> doPublish(new Request.RemoteLeave(uid, requestOptions(opts), rooms(rooms))));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish("disconnectSockets", MessageKind.REQUEST,
                    () -> doPublish(new Request.RemoteDisconnect(uid, requestOptions(opts), close)));
        }
        super.disconnectSockets(opts, close);
    }

    /** Sends {@code [event, ...args]} to the other servers of this namespace (not to this one, as Node). */
    @Override
    public void serverSideEmit(List<Object> packet) {
        requireEvent(packet);
        publish("serverSideEmit", MessageKind.REQUEST, () -> doPublish(new Request.ServerSideEmit(uid, null, packet)));
    }

    /**
     * Sends {@code [event, ...args]} to the other servers and collects the first ack argument of each. Completes
     * with an empty list when there is no other server; fails with
     * {@link ClusterRequestTimeoutException} (holding the answers so far) after
     * {@link AdapterOptions#requestsTimeout()}.
     */
    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        requireEvent(packet);
        return request(RequestType.SERVER_SIDE_EMIT, "serverSideEmitWithAck",
                requestId -> new Request.ServerSideEmit(uid, requestId, packet), ClusterAdapter::answers)
                .thenApply(ClusterAdapter::answers);
    }

    private static List<Object> answers(List<Response> responses) {
        List<Object> data = new ArrayList<>();
        for (Response response : responses) {
            if (response instanceof Response.ServerSideEmit answer) {
                data.add(answer.data());
            }
        }
        return Collections.unmodifiableList(data);
    }

    /** Every room with a socket on any server of this namespace, socket id rooms included (Node's allRooms). */
    @Override
    public CompletableFuture<Set<String>> allRooms() {
        Set<String> mine = rooms();
        return request(RequestType.ALL_ROOMS, "allRooms", requestId -> new Request.AllRooms(uid, requestId),
                ClusterAdapter::roomNames)
                .thenApply(responses -> {
                    Set<String> all = new LinkedHashSet<>(mine);
                    for (Response response : responses) {
                        if (response instanceof Response.AllRooms rooms) {
                            rooms.rooms().forEach(room -> all.add(room.name()));
                        }
                    }
                    return Collections.unmodifiableSet(all);
                });
    }

    /** The sockets of fetch responses, as the caller sees them. */
    private List<Object> remoteSockets(List<Response> responses) {
        List<Object> sockets = new ArrayList<>();
        for (Response response : responses) {
            if (response instanceof Response.FetchSockets fetched) {
                fetched.sockets().forEach(details -> sockets.add(remoteSocket(details)));
            }
        }
        return sockets;
    }

    /** The room names of allRooms responses. */
    private static List<Object> roomNames(List<Response> responses) {
        List<Object> names = new ArrayList<>();
        for (Response response : responses) {
            if (response instanceof Response.AllRooms rooms) {
                rooms.rooms().forEach(room -> names.add(room.name()));
            }
        }
        return names;
    }

    /**
     * No: connection state recovery needs a log of broadcasts with offsets, which pub/sub does not keep (Node's
     * classic and sharded adapters cannot either). The streams adapter can.
     */
    @Override
    public boolean supportsConnectionStateRecovery() {
        return false;
    }

    @Override
    public void close() {
        requests.failAll(new ClusterException("adapter of " + namespace() + " closed"));
        ackRequests.clear();
        super.close();
    }

    // ---------------------------------------------------------------- incoming

    /**
     * A broadcast from another node (protocol §2.5 steps 3-5; the channel and room checks are the subclass's):
     * own messages and other namespaces are ignored, the rest is delivered to the matching local sockets.
     */
    protected void onBroadcast(BroadcastMessage message) {
        onBroadcast(message, null);
    }

    /**
     * As {@link #onBroadcast(BroadcastMessage)}, for a transport that names each message (Node's
     * {@code onMessage(message, offset)}): with recovery on, an offset-taking packet gets {@code offset} appended.
     *
     * @param offset the transport's id of the message (a stream entry id), or null
     */
    protected void onBroadcast(BroadcastMessage message, String offset) {
        if (uid.equals(message.uid())) {
            return; // delivered locally when it was published
        }
        if (!namespace().equals(message.packet().nsp())) {
            countDropped(DropReason.WRONG_NAMESPACE);
            log.debug("ignoring a broadcast for namespace {} on the channel of {}", message.packet().nsp(),
                    namespace());
            return;
        }
        BroadcastOptions opts = localOptions(message.opts());
        Packet packet = message.packet();
        if (offset != null && takesOffset(packet, opts)) {
            packet = withOffset(packet, offset);
        }
        deliverBroadcast(packet, opts, true);
    }

    /**
     * As {@link #onBroadcast(BroadcastMessage)}, for a broadcast decoded straight into its frames
     * ({@link io.roomcast.cluster.protocol.MessageCodec#decodeEncodedBroadcast}): one encoding per node, whatever
     * the number of receivers. Only for transports without offsets (no connection state recovery).
     */
    protected void onBroadcast(EncodedBroadcast message) {
        if (uid.equals(message.uid())) {
            return; // delivered locally when it was published
        }
        if (!namespace().equals(message.nsp())) {
            countDropped(DropReason.WRONG_NAMESPACE);
            log.debug("ignoring a broadcast for namespace {} on the channel of {}", message.nsp(), namespace());
            return;
        }
        deliverBroadcast(message.frames(), message.event(), localOptions(message.opts()), true);
    }

    /** A request from another node (or from {@code @socket.io/redis-emitter}). */
    protected void onRequest(Request request) {
        if (uid.equals(request.uid())) {
            return; // our own: pending here, or (join/leave/disconnect) already applied locally
        }
        if (request instanceof Request.Sockets sockets) {
            Set<String> ids = sockets(names(sockets.rooms()));
            respond(request, new Response.Sockets(sockets.requestId(), List.copyOf(ids)));
        } else if (request instanceof Request.AllRooms allRooms) {
            respond(request, new Response.AllRooms(allRooms.requestId(), rooms().stream().map(Room::of).toList()));
        } else if (request instanceof Request.RemoteJoin join) {
            super.addSockets(localOptions(join.opts()), names(join.rooms()));
        } else if (request instanceof Request.RemoteLeave leave) {
            super.delSockets(localOptions(leave.opts()), names(leave.rooms()));
        } else if (request instanceof Request.RemoteDisconnect disconnect) {
            super.disconnectSockets(localOptions(disconnect.opts()), disconnect.close());
        } else if (request instanceof Request.LegacySocketOperation operation) {
            onLegacySocketOperation(operation);
        } else if (request instanceof Request.FetchSockets fetch) {
            List<SocketDetails> found = new ArrayList<>();
            apply(localOptions(fetch.opts()), socket -> found.add(details(socket)));
            respond(request, new Response.FetchSockets(fetch.requestId(), found));
        } else if (request instanceof Request.ServerSideEmit emit) {
            onServerSideEmitRequest(emit);
        } else if (request instanceof Request.BroadcastWithAck broadcast) {
            String requestId = broadcast.requestId();
            deliverBroadcastWithAck(broadcast.packet(), localOptions(broadcast.opts()),
                    count -> respond(request, new Response.BroadcastClientCount(requestId, count)),
                    args -> respond(request, new Response.BroadcastAck(requestId, args.isEmpty() ? null : args.get(0))),
                    true);
        }
    }

    /** A response to one of this node's requests. */
    protected void onResponse(Response response) {
        if (response instanceof Response.BroadcastClientCount count) {
            AckRequest pending = ackRequests.get(count.requestId());
            if (pending != null) {
                observer.requestCompleted(RequestType.BROADCAST, System.nanoTime() - pending.publishedAt);
                pending.clientCount.accept((int) Math.min(Integer.MAX_VALUE, count.clientCount()));
            }
        } else if (response instanceof Response.BroadcastAck ack) {
            AckRequest pending = ackRequests.get(ack.requestId());
            if (pending != null) {
                pending.ack.accept(Collections.singletonList(ack.ackArgument()));
            }
        } else {
            requests.onResponse(response);
        }
    }

    /** The type of this node's pending request with this id, or null; responses are decoded with it. */
    protected RequestType pendingRequestType(String requestId) {
        if (requestId != null && ackRequests.containsKey(requestId)) {
            return RequestType.BROADCAST;
        }
        return requests.typeOf(requestId);
    }

    /** Counts a message that arrived on one of this namespace's channels. */
    protected void countReceived(MessageKind kind) {
        observer.received(kind);
    }

    /** Counts a message that was dropped. */
    protected void countDropped(DropReason reason) {
        observer.dropped(reason);
    }

    /**
     * Hands a decoded {@link ClusterMessage} body to {@link #onBroadcast(BroadcastMessage, String)},
     * {@link #onRequest} or {@link #onResponse}.
     *
     * @param offset the transport's id of the message (a stream entry id), or null
     */
    protected void dispatch(Object body, String offset) {
        if (body instanceof BroadcastMessage broadcast) {
            onBroadcast(broadcast, offset);
        } else if (body instanceof Request request) {
            onRequest(request);
        } else if (body instanceof Response response) {
            onResponse(response);
        }
    }

    /**
     * Runs a decoder; malformed or unreadable input is logged at debug, counted as {@link DropReason#MALFORMED} and
     * gives null, as do the types this node does not act on.
     */
    protected ClusterMessage decodeOrDrop(String what, Supplier<Optional<ClusterMessage>> read) {
        try {
            return read.get().orElse(null);
        } catch (MalformedMessageException e) {
            countDropped(DropReason.MALFORMED);
            log.debug("ignoring malformed {} on {}: {}", what, namespace(), e.getMessage());
            return null;
        } catch (RuntimeException e) {
            countDropped(DropReason.MALFORMED);
            log.debug("ignoring unreadable {} on {}", what, namespace(), e);
            return null;
        }
    }

    /** Runs the handling of a received message; a failure is logged and counted, never thrown at the transport. */
    protected void handleSafely(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            countDropped(DropReason.HANDLER_ERROR);
            log.warn("handling a {} on {} failed", what, namespace(), e);
        }
    }

    /**
     * allRooms for the ClusterAdapter protocol, which has no ALL_ROOMS request: the union of the rooms of all
     * sockets, from fetchSockets.
     */
    protected CompletableFuture<Set<String>> allRoomsFromFetchSockets() {
        return fetchSockets(new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT)).thenApply(sockets -> {
            Set<String> rooms = new LinkedHashSet<>();
            for (RemoteSocket socket : sockets) {
                rooms.addAll(socket.rooms());
            }
            return Collections.unmodifiableSet(rooms);
        });
    }

    // ---------------------------------------------------------------- helpers

    private void onLegacySocketOperation(Request.LegacySocketOperation operation) {
        Socket socket = context().sockets().get(operation.sid());
        if (socket == null) {
            return; // another node's socket: that node answers
        }
        switch (operation.type()) {
            case REMOTE_JOIN -> context().join(socket, Set.of(operation.room().name())); // the sender's decision
            case REMOTE_LEAVE -> socket.leave(operation.room().name());
            default -> socket.disconnect(operation.close());
        }
        respond(operation, new Response.SocketOperationDone(operation.requestId()));
    }

    private void onServerSideEmitRequest(Request.ServerSideEmit emit) {
        if (emit.data().isEmpty() || !(emit.data().get(0) instanceof String event)) {
            countDropped(DropReason.MALFORMED);
            log.debug("ignoring a serverSideEmit without an event name");
            return;
        }
        List<Object> args = Collections.unmodifiableList(new ArrayList<>(emit.data().subList(1, emit.data().size())));
        Ack ack = Ack.NONE;
        if (emit.requestId() != null) {
            AtomicBoolean called = new AtomicBoolean();
            String requestId = emit.requestId();
            ack = answer -> {
                if (called.compareAndSet(false, true)) {
                    respond(emit, new Response.ServerSideEmit(requestId, answer.length == 0 ? null : answer[0]));
                }
            };
        }
        if (!context().serverSideEmitReceived(event, args, ack)) {
            countDropped(DropReason.HANDLER_ERROR);
        }
    }

    /**
     * Publishes this node's request after asking how many servers will answer (Node runs NUMSUB first too); with no
     * other server, completes with no responses at once.
     */
    private CompletableFuture<List<Response>> request(RequestType type, String operation,
                                                      java.util.function.Function<String, Request> build,
                                                      java.util.function.Function<List<Response>, List<Object>> userValues) {
        return serverCount().thenCompose(servers -> {
            String requestId = randomId();
            long start = System.nanoTime();
            CompletableFuture<List<Response>> responses =
                    requests.track(requestId, type, servers - 1, options.requestsTimeout());
            if (servers - 1 <= 0) {
                return responses;
            }
            publish(type.name(), MessageKind.REQUEST, () -> doPublish(build.apply(requestId)))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            requests.fail(requestId, error);
                        }
                    });
            return responses.handle((ok, error) -> {
                if (error == null) {
                    observer.requestCompleted(type, System.nanoTime() - start);
                    return ok;
                }
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                if (cause instanceof RequestTimeoutException timeout) {
                    observer.requestTimedOut(type);
                    log.debug("{} on {}: {}", type, namespace(), timeout.getMessage());
                    throw new java.util.concurrent.CompletionException(new ClusterRequestTimeoutException(operation,
                            timeout.received(), timeout.expected(), userValues.apply(timeout.partialResponses())));
                }
                throw error instanceof java.util.concurrent.CompletionException completion ? completion
                        : new java.util.concurrent.CompletionException(error);
            });
        });
    }

    private void respond(Request request, Response response) {
        publish("response", MessageKind.RESPONSE, () -> doPublishResponse(request.uid(), response));
    }

    /**
     * Returns {@code payload} when it is at most {@link AdapterOptions#maxPublishBytes()}; subclasses call it on
     * every encoded message before handing it to Redis.
     *
     * @throws MessageTooLargeException otherwise (counted as {@link PublishFailure#TOO_LARGE} by {@link #publish})
     */
    protected byte[] checkSize(String what, byte[] payload) {
        checkSize(what, payload.length);
        return payload;
    }

    /** As {@link #checkSize(String, byte[])}, for a message of {@code size} bytes in another form (stream fields). */
    protected void checkSize(String what, long size) {
        if (size > options.maxPublishBytes()) {
            throw new MessageTooLargeException(what + " on " + namespace(), size, options.maxPublishBytes());
        }
    }

    /** Runs a publish; counts and logs a failure; the returned future fails with it, nothing is thrown. */
    protected CompletableFuture<Void> publish(String what, MessageKind kind, Supplier<CompletableFuture<?>> action) {
        CompletableFuture<?> sent;
        try {
            sent = action.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((ok, error) -> {
            if (error == null) {
                observer.published(kind);
                if (publishFailing.compareAndSet(true, false)) {
                    log.info("publishing for {} works again", namespace());
                }
                return null;
            }
            PublishFailure cause = PublishFailure.of(error);
            observer.publishFailed(kind, cause);
            if (cause == PublishFailure.TOO_LARGE) {
                // the application's doing, not Redis's: said every time, and no sign that Redis is failing
                log.warn("{} on {} not published to the other nodes: {}", what, namespace(), error.getMessage());
            } else if (publishFailing.compareAndSet(false, true)) {
                log.warn("{} on {} not published to the other nodes ({}); local sockets are still served; further "
                        + "failures are logged at debug until publishing works again", what, namespace(),
                        error.getMessage());
            } else {
                log.debug("{} on {} not published: {}", what, namespace(), error.getMessage());
            }
            throw error instanceof java.util.concurrent.CompletionException completion ? completion
                    : new java.util.concurrent.CompletionException(error);
        });
    }

    /**
     * Node sends {@code socket.data} as it is ({@code {}} when unset); ours travels in its JSON form, with the
     * socket's {@link Socket#dataField data fields} merged in when that form is an object.
     */
    private SocketDetails details(Socket socket) {
        List<Room> rooms = socket.rooms().stream().map(Room::of).toList();
        Object data = socket.data();
        Object wire = data == null ? Map.of() : context().objectMapper().convertValue(data, Object.class);
        Map<String, Object> fields = socket.dataFields();
        if (!fields.isEmpty() && wire instanceof Map<?, ?> object) {
            Map<Object, Object> merged = new java.util.LinkedHashMap<>(object);
            fields.forEach((name, value) -> merged.put(name,
                    context().objectMapper().convertValue(value, Object.class)));
            wire = merged;
        }
        return new SocketDetails(socket.id(), HandshakeMapping.toWire(socket.handshake()), rooms, wire);
    }

    private RemoteSocket remoteSocket(SocketDetails details) {
        return new ClusterRemoteSocket(this, details.id(), HandshakeMapping.fromWire(details.handshake()),
                names(details.rooms()), details.data());
    }

    /** Request options carry rooms and except only (Node sends no flags with them). */
    private static WireOptions requestOptions(BroadcastOptions opts) {
        WireOptions wire = WireOptions.from(opts);
        return new WireOptions(wire.rooms(), wire.except(), WireFlags.NONE);
    }

    /** Options received from another node as they apply here: never "local only". */
    protected static BroadcastOptions localOptions(WireOptions wire) {
        BroadcastOptions opts = wire.toBroadcastOptions();
        BroadcastFlags flags = opts.flags().withLocal(false);
        return new BroadcastOptions(opts.rooms(), opts.except(), flags);
    }

    private static List<Room> rooms(Set<String> names) {
        return names.stream().map(Room::of).toList();
    }

    private static Set<String> names(List<Room> rooms) {
        Set<String> names = new LinkedHashSet<>();
        rooms.forEach(room -> names.add(room.name()));
        return names;
    }

    private static void requireEvent(List<Object> packet) {
        if (packet == null || packet.isEmpty() || !(packet.get(0) instanceof String)) {
            throw new IllegalArgumentException("packet must be [event, ...args] with a String event name");
        }
    }

    /** 8 random bytes as hex, as socket.io-adapter's {@code randomId()}. */
    private String randomId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private record AckRequest(IntConsumer clientCount, Consumer<List<Object>> ack, long publishedAt) {
    }
}
