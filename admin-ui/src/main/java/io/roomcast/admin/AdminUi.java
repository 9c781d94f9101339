package io.roomcast.admin;

import io.roomcast.socketio.BroadcastOperator;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Node's {@code instrument(io, options)} from {@code @socket.io/admin-ui} 0.5.1 ({@code lib/index.ts}), for a
 * {@link RoomcastServer}: the admin namespace with its authentication, {@code config}, {@code server_stats} every
 * {@link AdminUiOptions#statsInterval()}, in development mode every socket, room and event as it happens, and the
 * UI's commands ({@code emit}, {@code join}, {@code leave}, {@code _disconnect}) applied to every node through the
 * namespaces' cluster operations. Events to the UI go out with {@code adminNamespace.emit}, so with a cluster adapter
 * a UI connected to any node sees every node, Java or Node.js.
 *
 * <pre>{@code
 * AdminEngineStats stats = new AdminEngineStats();
 * RoomcastServer io = RoomcastServer.builder().engineObserver(stats).build();
 * AdminUi admin = AdminUi.instrument(io, AdminUiOptions.of(AdminAuth.basic("admin", bcryptHash))
 *         .withEngineStats(stats));
 * }</pre>
 *
 * <p>Instrument before the application adds its connection listeners, as Node's {@code prependListener} does, so
 * that {@code socket_connected} comes before the rooms the application joins. {@link #close()} stops the statistics.
 */
public final class AdminUi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminUi.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoomcastServer io;
    private final AdminUiOptions options;
    private final Namespace admin;
    private final SerializedSockets sockets;
    private final List<AdminFeature> features;
    private final Map<String, Object> baseStats;
    /** Session ids created by the middleware, emitted once the socket is connected. */
    private final Map<Socket, String> newSessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** bcrypt costs tens of milliseconds: never on an event loop. */
    private final java.util.concurrent.ExecutorService hashing;

    private AdminUi(RoomcastServer io, AdminUiOptions options) {
        this.io = io;
        this.options = options;
        this.admin = io.of(options.namespaceName());
        this.sockets = new SerializedSockets(io.options().socketIo().objectMapper());
        this.features = features(options);
        String hostname = hostname();
        this.baseStats = Map.of("serverId", options.serverId().orElse(hostname), "hostname", hostname,
                "pid", ProcessHandle.current().pid());
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("roomcast-admin-stats"));
        this.hashing = Executors.newSingleThreadExecutor(daemon("roomcast-admin-auth"));
    }

    /**
     * Instruments {@code io} (Node's {@code instrument(io, opts)}); call it once, before the server accepts
     * connections if the UI should see every socket.
     */
    public static AdminUi instrument(RoomcastServer io, AdminUiOptions options) {
        java.util.Objects.requireNonNull(io, "io must not be null");
        java.util.Objects.requireNonNull(options, "options must not be null");
        AdminUi ui = new AdminUi(io, options);
        ui.start();
        return ui;
    }

    /** The features the {@code config} event announces. */
    public List<AdminFeature> supportedFeatures() {
        return features;
    }

    /** The id this server has in {@code server_stats}. */
    public String serverId() {
        return (String) baseStats.get("serverId");
    }

    private static List<AdminFeature> features(AdminUiOptions options) {
        List<AdminFeature> features = new ArrayList<>();
        if (!options.readonly()) {
            features.addAll(List.of(AdminFeature.EMIT, AdminFeature.JOIN, AdminFeature.LEAVE, AdminFeature.DISCONNECT,
                    AdminFeature.MJOIN, AdminFeature.MLEAVE, AdminFeature.MDISCONNECT));
        }
        features.add(AdminFeature.AGGREGATED_EVENTS);
        if (options.mode() == AdminMode.DEVELOPMENT) {
            features.add(AdminFeature.ALL_EVENTS);
        }
        return List.copyOf(features);
    }

    private void start() {
        if (options.auth() instanceof AdminAuth.Basic basic) {
            admin.use((socket, next) -> authenticate(basic, socket, next));
        } else {
            log.warn("Admin UI authentication is disabled (auth: none), please use with caution");
        }
        admin.onConnection(this::onAdminConnection);
        if (options.mode() == AdminMode.DEVELOPMENT) {
            io.onNewNamespace(this::observe);
            io.namespaces().forEach(this::observe);
        }
        long every = options.statsInterval().toMillis();
        timer.scheduleAtFixedRate(this::emitStats, 0, every, TimeUnit.MILLISECONDS);
    }

    private void authenticate(AdminAuth.Basic basic, Socket socket, io.roomcast.socketio.Next next) {
        Map<String, Object> auth = socket.handshake().auth();
        CompletableFuture<Boolean> known = auth.get("sessionId") instanceof String sessionId && !sessionId.isEmpty()
                ? options.store().exists(sessionId).exceptionally(error -> {
                    log.warn("admin session lookup failed: {}", error.toString());
                    return false;
                })
                : CompletableFuture.completedFuture(false);
        known.thenAcceptAsync(valid -> {
            if (valid) {
                next.proceed();
            } else if (basic.matches(auth.get("username"), auth.get("password"))) {
                String sessionId = HexFormat.of().formatHex(randomBytes());
                newSessions.put(socket, sessionId);
                options.store().save(sessionId).whenComplete((saved, error) -> {
                    if (error != null) {
                        log.warn("saving an Admin UI session failed (a reconnect will ask for the password): {}",
                                error.toString());
                    }
                    next.proceed();
                });
            } else {
                next.reject("invalid credentials", null);
            }
        }, hashing);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private void onAdminConnection(Socket socket) {
        String session = newSessions.remove(socket);
        if (session != null) {
            socket.emit("session", session);
        }
        if (!options.readonly()) {
            registerCommands(socket);
        }
        socket.emit("config", Map.of("supportedFeatures", features.stream().map(Enum::name).toList()));
        if (options.mode() == AdminMode.DEVELOPMENT) {
            fetchAllSockets().whenComplete((all, error) -> {
                if (error != null) {
                    log.warn("all_sockets for the Admin UI failed: {}", error.toString());
                } else if (socket.connected()) {
                    socket.emit("all_sockets", all);
                }
            });
        }
    }

    /** Every socket of every namespace of this node, on every node (Node's {@code fetchAllSockets}). */
    CompletableFuture<List<Map<String, Object>>> fetchAllSockets() {
        List<CompletableFuture<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            parts.add(nsp.fetchSockets().thenApply(found -> {
                List<Map<String, Object>> out = new ArrayList<>(found.size());
                for (RemoteSocket socket : found) {
                    out.add(sockets.serialize(socket, nsp.name()));
                }
                return out;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Map<String, Object>> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all;
        });
    }

    /** The UI's commands, as Node's Socket.IO v4 branch of {@code registerFeatureHandlers}. */
    private void registerCommands(Socket socket) {
        socket.on("emit", (s, args, ack) -> {
            if (args.size() < 3 || !(args.get(2) instanceof String event)) {
                log.debug("ignoring a malformed emit command: {}", args);
                return;
            }
            target(args.get(0), args.get(1)).ifPresent(to -> to.emit(event, args.subList(3, args.size()).toArray()));
        });
        socket.on("join", (s, args, ack) -> {
            if (args.size() >= 2 && args.get(1) instanceof String room) {
                target(args.get(0), args.size() > 2 ? args.get(2) : null).ifPresent(to -> to.socketsJoin(room));
            }
        });
        socket.on("leave", (s, args, ack) -> {
            if (args.size() >= 2 && args.get(1) instanceof String room) {
                target(args.get(0), args.size() > 2 ? args.get(2) : null).ifPresent(to -> to.socketsLeave(room));
            }
        });
        socket.on("_disconnect", (s, args, ack) -> {
            if (args.size() >= 2 && args.get(1) instanceof Boolean close) {
                target(args.get(0), args.size() > 2 ? args.get(2) : null).ifPresent(to -> to.disconnectSockets(close));
            }
        });
    }

    /**
     * The sockets a command is for: the namespace, narrowed to a room (a socket id is a room) when a filter is
     * given. Node creates a namespace it does not know; we ignore the command, since none of its sockets exists.
     */
    private Optional<BroadcastOperator> target(Object nspName, Object filter) {
        if (!(nspName instanceof String name)) {
            return Optional.empty();
        }
        Optional<Namespace> nsp = io.namespace(name);
        if (nsp.isEmpty()) {
            log.debug("ignoring an Admin UI command for unknown namespace {}", name);
            return Optional.empty();
        }
        return Optional.of(filter instanceof String room && !room.isEmpty() ? nsp.get().in(room)
                : nsp.get().except());
    }

    /** Development mode: Node's {@code registerVerboseListeners} for one namespace. */
    private void observe(Namespace nsp) {
        String name = nsp.name();
        nsp.onConnection(socket -> {
            socket.dataField(SerializedSockets.ADMIN_FIELD, new SerializedSockets.AdminInfo(socket));
            admin.emit("socket_connected", sockets.serialize(socket, name), SerializedSockets.now());
            socket.onUpgrade(transport -> admin.emit("socket_updated",
                    Map.of("id", socket.id(), "nsp", name, "transport", transport)));
            if (nsp != admin) {
                socket.onAny((s, event, args) -> admin.emit("event_received", name, s.id(),
                        withEvent(event, args), SerializedSockets.now()));
                socket.onAnyOutgoing((s, event, args) -> admin.emit("event_sent", name, s.id(),
                        withEvent(event, args), SerializedSockets.now()));
            }
            socket.onDisconnect((s, reason) -> admin.emit("socket_disconnected", name, s.id(), reason.text(),
                    SerializedSockets.now()));
        });
        nsp.onJoinRoom((room, id) -> admin.emit("room_joined", name, room, id, SerializedSockets.now()));
        nsp.onLeaveRoom((room, id) -> admin.emit("room_left", name, room, id, SerializedSockets.now()));
    }

    private static List<Object> withEvent(String event, List<Object> args) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(event);
        all.addAll(args);
        return all;
    }

    private void emitStats() {
        try {
            admin.emit("server_stats", stats());
        } catch (RuntimeException e) {
            log.warn("server_stats for the Admin UI failed: {}", e.toString());
        }
    }

    /** What {@code server_stats} carries now (Node's {@code initStatsEmitter}). */
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>(baseStats);
        stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        stats.put("clientsCount", io.sessionCount());
        stats.put("pollingClientsCount", options.engineStats().map(AdminEngineStats::pollingClientsCount).orElse(0));
        stats.put("aggregatedEvents", options.engineStats().map(AdminEngineStats::drainAggregatedEvents)
                .orElse(List.of()));
        List<NamespaceStats> namespaces = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            namespaces.add(new NamespaceStats(nsp.name(), nsp.sockets().size()));
        }
        stats.put("namespaces", namespaces);
        return stats;
    }

    /** One entry of {@code server_stats.namespaces}, its fields in Node's order. */
    private record NamespaceStats(String name, int socketsCount) {
    }

    /** Node's {@code computeServerId} default: the host name. */
    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops {@code server_stats}; the namespace and its listeners stay until the server closes. */
    @Override
    public void close() {
        timer.shutdownNow();
        hashing.shutdownNow();
    }
}
