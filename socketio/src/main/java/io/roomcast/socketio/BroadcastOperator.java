package io.roomcast.socketio;

import io.roomcast.socketio.adapter.Adapter;
import io.roomcast.socketio.adapter.BroadcastFlags;
import io.roomcast.socketio.adapter.BroadcastOptions;
import io.roomcast.socketio.protocol.Packet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Targets a set of sockets for emitting or bulk operations (Node's {@code BroadcastOperator}). Immutable: every
 * modifier returns a new operator. Thread-safe.
 */
public final class BroadcastOperator {

    private final Adapter adapter;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;

    public BroadcastOperator(Adapter adapter) {
        this(adapter, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    public BroadcastOperator(Adapter adapter, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
        this.adapter = Objects.requireNonNull(adapter, "adapter must not be null");
        this.rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
        this.except = Collections.unmodifiableSet(new LinkedHashSet<>(except));
        this.flags = Objects.requireNonNull(flags, "flags must not be null");
    }

    /** Adds target rooms; a socket in several of them still gets each event once. */
    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(adapter, union(this.rooms, rooms), except, flags);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /** Excludes the sockets in these rooms (a socket id is a room too). */
    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperator(adapter, this.rooms, union(except, rooms), flags);
    }

    public BroadcastOperator local() {
        return new BroadcastOperator(adapter, rooms, except, flags.withLocal(true));
    }

    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(adapter, rooms, except, flags.withCompress(compress));
    }

    public BroadcastOperator volatile_() {
        return new BroadcastOperator(adapter, rooms, except, flags.withVolatile(true));
    }

    public BroadcastOperator timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0");
        }
        return new BroadcastOperator(adapter, rooms, except, flags.withTimeoutMillis(timeout.toMillis()));
    }

    public BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    /** Sends an event to every targeted socket; the packet is encoded once. */
    public void emit(String event, Object... args) {
        adapter.broadcast(eventPacket(event, args), options());
    }

    /**
     * Sends an event and collects one acknowledgement per targeted client (the first ack argument, as Node).
     * Needs {@link #timeout(Duration)}; fails with {@link AckTimeoutException} (holding the responses so far)
     * when some client did not answer in time.
     */
    public CompletableFuture<List<Object>> emitWithAck(String event, Object... args) {
        if (flags.timeoutMillis() == null) {
            throw new IllegalStateException("emitWithAck on a broadcast needs timeout(...)");
        }
        Packet packet = eventPacket(event, args);
        AckCollector collector = new AckCollector();
        CompletableFuture.delayedExecutor(flags.timeoutMillis(), TimeUnit.MILLISECONDS).execute(collector::timeOut);
        adapter.broadcastWithAck(packet, options(), collector::addExpectedClients,
                response -> collector.addResponse(response.isEmpty() ? null : response.get(0)));
        adapter.serverCount().whenComplete((count, error) -> {
            if (error != null) {
                collector.future.completeExceptionally(error);
            } else {
                collector.setExpectedServers(count);
            }
        });
        return collector.future;
    }

    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return adapter.fetchSockets(options());
    }

    public void socketsJoin(String... rooms) {
        adapter.addSockets(options(), Set.of(rooms));
    }

    public void socketsLeave(String... rooms) {
        adapter.delSockets(options(), Set.of(rooms));
    }

    public void disconnectSockets(boolean close) {
        adapter.disconnectSockets(options(), close);
    }

    private Packet eventPacket(String event, Object[] args) {
        return Packet.event(adapter.namespace(), event, args, null);
    }

    private static Set<String> union(Set<String> current, String[] more) {
        Set<String> result = new LinkedHashSet<>(current);
        for (String room : more) {
            result.add(Objects.requireNonNull(room, "room must not be null"));
        }
        return result;
    }

    /**
     * Completes once every server reported its client count and every counted client answered (Node's logic).
     * The future is completed outside the lock so that its callbacks never run while holding it.
     */
    private static final class AckCollector {
        final CompletableFuture<List<Object>> future = new CompletableFuture<>();
        private final List<Object> responses = new ArrayList<>();
        private int expectedServers = -1;
        private int reportedServers;
        private int expectedClients;

        void addExpectedClients(int count) {
            List<Object> done;
            synchronized (this) {
                expectedClients += count;
                reportedServers++;
                done = completeResponses();
            }
            complete(done);
        }

        void addResponse(Object response) {
            List<Object> done;
            synchronized (this) {
                responses.add(response);
                done = completeResponses();
            }
            complete(done);
        }

        void setExpectedServers(int count) {
            List<Object> done;
            synchronized (this) {
                expectedServers = count;
                done = completeResponses();
            }
            complete(done);
        }

        void timeOut() {
            List<Object> soFar;
            synchronized (this) {
                soFar = new ArrayList<>(responses);
            }
            future.completeExceptionally(new AckTimeoutException(soFar));
        }

        /** The responses when all are in, else null. */
        private List<Object> completeResponses() {
            if (expectedServers == reportedServers && responses.size() == expectedClients) {
                return Collections.unmodifiableList(new ArrayList<>(responses));
            }
            return null;
        }

        private void complete(List<Object> done) {
            if (done != null) {
                future.complete(done);
            }
        }
    }
}
