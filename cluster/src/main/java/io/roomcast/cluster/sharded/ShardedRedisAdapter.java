package io.roomcast.cluster.sharded;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ClusterMessage;
import io.roomcast.cluster.protocol.ClusterMessageCodec;
import io.roomcast.cluster.protocol.Request;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.socketio.adapter.AdapterContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3 for one namespace (protocol §4), on top of
 * {@link ClusterAdapter}: every message is an SPUBLISHed envelope {@code {type, data, uid, nsp}} (JSON, MessagePack
 * when it carries binary) on {@code P#nsp#}, on a room's channel {@code P#nsp#<room>#} (one-room broadcasts in
 * the dynamic modes) or, for responses, on the requester's {@code P#nsp#<uid>#}. The server count is
 * {@code PUBSUB SHARDNUMSUB P#nsp#}. Built by {@link ShardedRedisAdapterFactory} on the transport's sharded view.
 *
 * <p>In the dynamic modes a room's channel is subscribed when the room gets its first local member (a local join or
 * another node's socketsJoin) and unsubscribed when its last one leaves, so a node hears a room's broadcasts only
 * while it hosts the room. There is no connection state recovery (Node's sharded adapter has none). Nothing
 * received is thrown at the transport: malformed input is logged at debug and counted.
 */
public final class ShardedRedisAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);

    private final PubSubTransport transport;
    private final ClusterMessageCodec codec;
    private final ShardedChannels channels;
    private final String responseChannel;
    private final RoomChannels roomChannels;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** @param transport a sharded view ({@link PubSubTransport#sharded()}) */
    ShardedRedisAdapter(AdapterContext context, PubSubTransport transport, ShardedAdapterOptions options,
                        ClusterMessageCodec codec, ScheduledExecutorService timer) {
        super(context, new AdapterOptions(options.channelPrefix(), options.requestsTimeout(), true)
                .withMaxPublishBytes(options.maxPublishBytes()), timer);
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.channels = new ShardedChannels(options.channelPrefix(), context.namespace(), options.subscriptionMode());
        this.responseChannel = channels.response(uid());
        this.roomChannels = new RoomChannels(transport, this::onRawMessage,
                room -> hasRoom(room) && channels.hasOwnChannel(hasSocket(room)), channels::room);
    }

    public ShardedChannels channels() {
        return channels;
    }

    /** SSUBSCRIBE of the main channel (which makes this node count) and of this node's response channel. */
    @Override
    public void init() {
        subscribeAll(List.of(transport.subscribe(channels.main(), this::onRawMessage),
                transport.subscribe(responseChannel, this::onRawMessage)), subscriptions);
    }

    /**
     * Completes once this node listens on {@code room}'s channel; at once when the room has no channel of its own
     * here (static mode, a socket id room in dynamic mode, or no local member).
     */
    public CompletableFuture<Void> roomSubscribed(String room) {
        CompletableFuture<Subscription> held = roomChannels.of(room);
        return held == null ? CompletableFuture.completedFuture(null) : held.thenApply(subscription -> null);
    }

    /** {@code PUBSUB SHARDNUMSUB P#nsp#}: every node with this namespace, this one included. */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return countSubscribers(transport, channels.main());
    }

    /** The sharded adapter has no ALL_ROOMS request (Node's has no allRooms): the rooms of all sockets. */
    @Override
    public CompletableFuture<Set<String>> allRooms() {
        return allRoomsFromFetchSockets();
    }

    // ---------------------------------------------------------------- rooms (called outside the adapter's locks)

    @Override
    protected void roomCreated(String room) {
        updateRoomChannel(room);
    }

    @Override
    protected void roomDeleted(String room) {
        updateRoomChannel(room);
    }

    /** Acts on the room's current state, not on the event, since events of one room may come out of order. */
    private void updateRoomChannel(String room) {
        roomChannels.update(room);
    }

    // ---------------------------------------------------------------- publishing

    @Override
    protected CompletableFuture<?> doPublish(BroadcastMessage message) {
        return publish(channels.broadcast(message.opts().rooms(), false), message);
    }

    @Override
    protected CompletableFuture<?> doPublish(Request request) {
        return publish(channels.main(), request);
    }

    @Override
    protected CompletableFuture<?> doPublishResponse(String requesterUid, Response response) {
        if (requesterUid == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a response needs the requester"));
        }
        return publish(channels.response(requesterUid), response);
    }

    private CompletableFuture<Long> publish(String channel, Object body) {
        byte[] payload = codec.encodeShardedPayload(new ClusterMessage(uid(), namespace(), body));
        return transport.publish(channel, checkSize("message", payload));
    }

    @Override
    public void close() {
        roomChannels.close();
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
        super.close();
    }

    // ---------------------------------------------------------------- receiving (transport thread)

    /** sharded-adapter.js {@code onRawMessage}: the own response channel carries responses, every other messages. */
    private void onRawMessage(String channel, String pattern, byte[] payload) {
        boolean onResponseChannel = responseChannel.equals(channel);
        ClusterMessage message = decodeOrDrop("message on " + channel, () -> codec.decodeEnvelope(payload));
        if (message == null) {
            return;
        }
        Object body = message.body();
        countReceived(body instanceof Response ? MessageKind.RESPONSE
                : body instanceof BroadcastMessage ? MessageKind.BROADCAST : MessageKind.REQUEST);
        if ((body instanceof Response) != onResponseChannel) {
            log.debug("ignoring a message of type {} on {}", message.type(), channel); // as Node's switch defaults
            return;
        }
        if (!namespace().equals(message.nsp())) {
            countDropped(DropReason.WRONG_NAMESPACE);
            log.debug("ignoring a message for namespace {} on {}", message.nsp(), channel);
            return;
        }
        handleSafely("message", () -> dispatch(body, null));
    }
}
