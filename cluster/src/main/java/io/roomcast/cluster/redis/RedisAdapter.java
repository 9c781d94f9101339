package io.roomcast.cluster.redis;

import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.DropReason;
import io.roomcast.cluster.ClusterAdapter;
import io.roomcast.cluster.MessageKind;
import io.roomcast.cluster.SubscriptionMode;
import io.roomcast.cluster.protocol.BroadcastMessage;
import io.roomcast.cluster.protocol.ChannelNames;
import io.roomcast.cluster.protocol.MalformedMessageException;
import io.roomcast.cluster.protocol.MessageCodec;
import io.roomcast.cluster.protocol.Request;
import io.roomcast.cluster.protocol.Response;
import io.roomcast.cluster.protocol.Room;
import io.roomcast.cluster.transport.MessageListener;
import io.roomcast.cluster.transport.PubSubTransport;
import io.roomcast.cluster.transport.Subscription;
import io.roomcast.socketio.adapter.AdapterContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>With {@link SubscriptionMode#DYNAMIC_PRIVATE} the broadcast pattern is replaced by {@code SUBSCRIBE key#nsp#}
 * plus one {@code SUBSCRIBE key#nsp#room#} per room that has a local member, each socket's own id room included:
 * subscribed when the room gets its first local member, unsubscribed when its last one leaves. Redis then sends a
 * broadcast to one room only to the nodes that host it. Nothing is lost against Node publishers in their default
 * mode: Node's classic adapter (8.3 {@code broadcast}, dist/index.js:466-473) and {@code @socket.io/redis-emitter}
 * publish a broadcast to exactly one room, whatever that room is (a socket id too: {@code to(socketId)},
 * {@code remoteSocket.emit}), on {@code key#nsp#room#}, and every other broadcast on {@code key#nsp#}; requests
 * (broadcast with ack included) and responses keep their channels. A broadcast published while a room's SUBSCRIBE
 * is still on its way to Redis is not received: {@link #roomSubscribed(String)} says when it is.
 */
public final class RedisAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

    private final PubSubTransport transport;
    private final MessageCodec codec;
    private final ChannelNames channels;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final EchoTimer echoes;
    private final SubscriptionMode mode;
    private final MessageListener broadcastListener = this::onBroadcastMessage;
    /** DYNAMIC_PRIVATE: the channel of each room with a local member, pending ones too; guarded by itself. */
    private final Map<String, CompletableFuture<Subscription>> roomChannels = new HashMap<>();
    private volatile boolean closed;

    RedisAdapter(AdapterContext context, PubSubTransport transport, AdapterOptions options, MessageCodec codec,
                 ScheduledExecutorService timer) {
        super(context, options, timer);
        this.transport = Objects.requireNonNull(transport, "transport must not be null");
        this.codec = Objects.requireNonNull(codec, "codec must not be null");
        this.channels = new ChannelNames(options.key(), context.namespace());
        this.echoes = new EchoTimer(codec.broadcastPrefix(uid()));
        this.mode = options.subscriptionMode();
        if (mode == SubscriptionMode.DYNAMIC) {
            throw new IllegalArgumentException(RedisAdapterFactory.DYNAMIC_REFUSED);
        }
    }

    public ChannelNames channels() {
        return channels;
    }

    /** Subscribes this namespace's channels (§2.3), and in DYNAMIC_PRIVATE the channels of its rooms so far. */
    @Override
    public void init() {
        CompletableFuture<Subscription> broadcasts = mode == SubscriptionMode.STATIC
                ? transport.psubscribe(channels.broadcastPattern(), broadcastListener)
                : transport.subscribe(channels.broadcast(), broadcastListener);
        List<CompletableFuture<Subscription>> pending = List.of(
                broadcasts,
                transport.subscribe(channels.request(), this::onRequestMessage),
                transport.subscribe(channels.response(), this::onResponseMessage),
                transport.subscribe(channels.response(uid()), this::onResponseMessage));
        subscribeAll(pending, subscriptions);
        resubscribeRooms();
    }

    /** The subscription mode of this adapter: STATIC or DYNAMIC_PRIVATE. */
    public SubscriptionMode subscriptionMode() {
        return mode;
    }

    /**
     * Completes once this node receives the broadcasts to {@code room} from the other nodes: in STATIC with
     * {@link #subscribed()}; in DYNAMIC_PRIVATE once Redis confirmed the room's channel, which is subscribed while
     * the room has a local member (fails with {@link IllegalStateException} when it has none).
     */
    public CompletableFuture<Void> roomSubscribed(String room) {
        Objects.requireNonNull(room, "room must not be null");
        if (mode == SubscriptionMode.STATIC) {
            return subscribed();
        }
        CompletableFuture<Subscription> channel;
        synchronized (roomChannels) {
            channel = roomChannels.get(room);
        }
        if (channel == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("room " + room + " has no local member"
                    + " on " + namespace()));
        }
        return subscribed().thenCombine(channel, (ok, subscription) -> null);
    }

    /** The room channels subscribed or being subscribed (DYNAMIC_PRIVATE), for diagnostics and tests. */
    public Set<String> roomChannels() {
        synchronized (roomChannels) {
            return Set.copyOf(roomChannels.keySet());
        }
    }

    @Override
    protected void roomCreated(String room) {
        if (mode == SubscriptionMode.DYNAMIC_PRIVATE) {
            reconcile(room);
        }
    }

    @Override
    protected void roomDeleted(String room) {
        if (mode == SubscriptionMode.DYNAMIC_PRIVATE) {
            reconcile(room);
        }
    }

    /** DYNAMIC_PRIVATE: subscribes every local room that has no channel (after init, or after a failed SUBSCRIBE). */
    void resubscribeRooms() {
        if (mode == SubscriptionMode.DYNAMIC_PRIVATE) {
            rooms().forEach(this::reconcile);
        }
    }

    /**
     * Brings the room's channel in line with {@link #hasRoom}: subscribes it when the room has a local member and no
     * channel, unsubscribes it when the room is gone and the channel confirmed. A channel still pending is settled
     * by {@link #roomChannelSettled}, which reconciles again, so creations and deletions reported out of order
     * (Adapter calls the hooks outside its locks) end in the current state.
     */
    private void reconcile(String room) {
        CompletableFuture<Subscription> subscribing = null;
        synchronized (roomChannels) {
            CompletableFuture<Subscription> current = roomChannels.get(room);
            boolean wanted = !closed && hasRoom(room);
            if (wanted && current == null) {
                subscribing = new CompletableFuture<>();
                roomChannels.put(room, subscribing);
            } else if (!wanted && current != null && current.isDone()) {
                roomChannels.remove(room);
                // under the lock: a re-created room's new listener must never overlap this one (double delivery)
                current.getNow(null).unsubscribe().exceptionally(error -> {
                    log.debug("unsubscribing {} failed: {}", channels.room(room), error.getMessage());
                    return null;
                });
            }
        }
        if (subscribing != null) {
            CompletableFuture<Subscription> settled = subscribing;
            CompletableFuture<Subscription> sent;
            try {
                sent = transport.subscribe(channels.room(room), broadcastListener);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((subscription, error) -> roomChannelSettled(room, settled, subscription, error));
        }
    }

    private void roomChannelSettled(String room, CompletableFuture<Subscription> settled, Subscription subscription,
                                    Throwable error) {
        if (error != null) {
            synchronized (roomChannels) {
                roomChannels.remove(room, settled);
            }
            settled.completeExceptionally(error);
            if (!closed) {
                // retried on the next creation of the room, or when the subscription connection comes back
                log.warn("subscribing {} failed, broadcasts to that room are not received here: {}",
                        channels.room(room), error.getMessage());
            }
            return;
        }
        settled.complete(subscription);
        reconcile(room); // the room may have emptied meanwhile
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
        byte[] payload = checkSize("broadcast", codec.encodeBroadcast(message));
        echoes.published(payload, System.nanoTime());
        return transport.publish(channel, payload).whenComplete((count, error) -> {
            if (error != null) {
                echoes.failed(payload);
            }
        });
    }

    @Override
    protected CompletableFuture<?> doPublish(Request request) {
        return transport.publish(channels.request(), checkSize("request", codec.encodeRequest(request)));
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
        return transport.publish(channel, checkSize("response", codec.encodeResponse(response)));
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::unsubscribe);
        subscriptions.clear();
        synchronized (roomChannels) {
            roomChannels.values().forEach(channel -> channel.thenAccept(Subscription::unsubscribe));
            roomChannels.clear();
        }
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
        if (!room.get().isEmpty() && !hasRoom(room.get())) {
            return; // Node: "ignore unknown room"
        }
        // decoded straight into the frames every local receiver gets (no recovery here, so no per-socket offsets)
        handle("broadcast", () -> onBroadcast(codec.decodeEncodedBroadcast(payload)));
    }

    private void onRequestMessage(String channel, String pattern, byte[] payload) {
        countReceived(MessageKind.REQUEST);
        handle("request", () -> codec.decodeRequest(payload).ifPresent(this::onRequest));
    }

    private void onResponseMessage(String channel, String pattern, byte[] payload) {
        countReceived(MessageKind.RESPONSE);
        handle("response", () -> codec.decodeResponse(payload, this::pendingRequestType).ifPresent(this::onResponse));
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
