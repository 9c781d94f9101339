package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.protocol.MalformedMessageException;
import io.roomcast.cluster.protocol.MessageCodec;
import io.roomcast.cluster.protocol.Request;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.protocol.Room;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.socketio.adapter.AdapterContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The classic {@code @socket.io/redis-adapter} 8.3 for one namespace: its channels (protocol §2.2, §2.3) and
 * server counting with {@code PUBSUB NUMSUB} (§2.7) on top of {@link ClusterAdapter}. Built by
 * {@link RedisAdapterFactory}; all namespaces of a node share one transport.
 *
 * <p>Subscriptions: {@code PSUBSCRIBE key#nsp#*} for broadcasts, {@code SUBSCRIBE} of the request channel (which is
 * what makes this node count in NUMSUB), the common response channel and this node's own response channel.
 * Received messages are handled on the transport's thread; nothing is thrown back at it: malformed input is logged
 * at debug and counted in {@code roomcast.cluster.messages.dropped}.
 */
public final class RedisAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

    private final PubSubTransport transport;
    private final MessageCodec codec;
    private final ChannelNames channels;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final EchoTimer echoes = new EchoTimer();

    RedisAdapter(AdapterContext context, PubSubTransport transport, AdapterOptions options, MessageCodec codec,
                 ScheduledExecutorService timer) {
        super(context, options, timer);
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.channels = new ChannelNames(options.key(), context.namespace());
    }

    public ChannelNames channels() {
        return channels;
    }

    /** Subscribes this namespace's channels (§2.3). */
    @Override
    public void init() {
        List<CompletableFuture<Subscription>> pending = List.of(
                transport.psubscribe(channels.broadcastPattern(), this::onBroadcastMessage),
                transport.subscribe(channels.request(), this::onRequestMessage),
                transport.subscribe(channels.response(), this::onResponseMessage),
                transport.subscribe(channels.response(uid()), this::onResponseMessage));
        subscribeAll(pending, subscriptions);
    }

    /** {@code PUBSUB NUMSUB key-request#nsp#}: every node with this namespace, this one included. */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return countSubscribers(transport, channels.request());
    }

    /** {@code key#nsp#room#} when the broadcast targets exactly one room, else {@code key#nsp#}. */
    @Override
    protected CompletableFuture<?> doPublish(BroadcastMessage message) {
        List<Room> rooms = message.opts().rooms();
        String channel = rooms.size() == 1 ? channels.room(rooms.get(0).name()) : channels.broadcast();
        byte[] payload = codec.encodeBroadcast(message);
        echoes.published(payload, System.nanoTime());
        return transport.publish(channel, payload).whenComplete((count, error) -> {
            if (error != null) {
                echoes.failed(payload);
            }
        });
    }

    @Override
    protected CompletableFuture<?> doPublish(Request request) {
        return transport.publish(channels.request(), codec.encodeRequest(request));
    }

    /**
     * The requester's own response channel with {@code publishOnSpecificResponseChannel}, else the common one;
     * serverSideEmit answers always go to the common one, as Node's (§2.6, §2.9).
     */
    @Override
    protected CompletableFuture<?> doPublishResponse(String requesterUid, Response response) {
        boolean specific = options().publishOnSpecificResponseChannel() && requesterUid != null
                && !(response instanceof Response.ServerSideEmit);
        String channel = specific ? channels.response(requesterUid) : channels.response();
        return transport.publish(channel, codec.encodeResponse(response));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
        super.close();
    }

    // ---------------------------------------------------------------- receiving (transport thread)

    /** §2.5: channel check, room pre-filter before decoding, then the uid and namespace checks of the core. */
    private void onBroadcastMessage(String channel, String pattern, byte[] payload) {
        countReceived(MessageKind.BROADCAST);
        long roundTrip = echoes.received(payload, System.nanoTime());
        if (roundTrip >= 0) {
            clusterObserver().pubSubRoundTrip(roundTrip);
            return; // our own: delivered locally when it was published
        }
        Optional<String> room = channels.roomOf(channel);
        if (room.isEmpty()) {
            return;
        }
        if (!room.get().isEmpty() && !hasLocalRoom(room.get())) {
            return; // Node: "ignore unknown room"
        }
        handle("broadcast", () -> onBroadcast(codec.decodeBroadcast(payload)));
    }

    private void onRequestMessage(String channel, String pattern, byte[] payload) {
        countReceived(MessageKind.REQUEST);
        handle("request", () -> codec.decodeRequest(payload).ifPresent(this::onRequest));
    }

    private void onResponseMessage(String channel, String pattern, byte[] payload) {
        countReceived(MessageKind.RESPONSE);
        handle("response", () -> codec.decodeResponse(payload, this::pendingRequestType).ifPresent(this::onResponse));
    }

    private boolean hasLocalRoom(String room) {
        // cheap when absent; when present the broadcast goes through the same members anyway
        return !sockets(Set.of(room)).isEmpty();
    }

    private void handle(String what, Runnable action) {
        try {
            action.run();
        } catch (MalformedMessageException e) {
            countDropped(DropReason.MALFORMED);
            log.debug("ignoring malformed {} on {}: {}", what, namespace(), e.getMessage());
        } catch (RuntimeException e) {
            countDropped(DropReason.HANDLER_ERROR);
            log.warn("handling a {} on {} failed", what, namespace(), e);
        }
    }
}
