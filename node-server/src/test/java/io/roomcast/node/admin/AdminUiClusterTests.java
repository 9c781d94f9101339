package io.roomcast.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.RawSocketIoClient;
import io.roomcast.node.RedisServerProcess;
import io.roomcast.node.ToolProcess;
import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin UI protocol ({@code @socket.io/admin-ui} 0.5.1) as the UI speaks it, on two Java nodes joined through a
 * real {@code redis-server} ({@code ADMIN_UI=true}, basic authentication): refused credentials, the
 * {@code session}/{@code config}/{@code server_stats} of both nodes, sessions shared through Redis in Node's
 * {@code RedisStore} format, sockets of the other node with their {@code data._admin}, and the commands applied on
 * the node that holds the socket.
 */
class AdminUiClusterTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "/admin";
    private static final String PASSWORD = "s3cret-admin";

    private static RedisServerProcess redis;
    private static NodeRuntime nodeA;
    private static NodeRuntime nodeB;
    private final List<RawSocketIoClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisServerProcess.start();
        String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));
        nodeA = start("admin-node-a", hash);
        nodeB = start("admin-node-b", hash);
    }

    private static NodeRuntime start(String nodeId, String hash) {
        return NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(ToolProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(ToolProcess.freePort()),
                "NODE_ID", nodeId,
                "REDIS_URL", redis.url(),
                "SHUTDOWN_GRACE", "1s",
                "ADMIN_UI", "true",
                "ADMIN_USERNAME", "admin",
                "ADMIN_PASSWORD_HASH", hash)), io -> { });
    }

    @AfterAll
    static void stopCluster() {
        try {
            nodeA.close();
            nodeB.close();
        } finally {
            redis.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        clients.forEach(RawSocketIoClient::close);
    }

    private RawSocketIoClient open(NodeRuntime node) throws Exception {
        RawSocketIoClient client = RawSocketIoClient.open(node.port());
        clients.add(client);
        return client;
    }

    /** An admin socket logged in on {@code node} with the password; returns it and the session it was given. */
    private RawSocketIoClient login(NodeRuntime node) throws Exception {
        RawSocketIoClient admin = open(node);
        assertThat(admin.connect(ADMIN, "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .startsWith("40/admin,{\"sid\"");
        return admin;
    }

    /** The arguments of an event frame such as {@code 42/admin,["config",{...}]}. */
    private static JsonNode args(String frame) throws Exception {
        return JSON.readTree(frame.substring(frame.indexOf('[')));
    }

    @Test
    void shouldRefuseABadPasswordAndAnUnknownSession() throws Exception {
        RawSocketIoClient client = open(nodeA);
        assertThat(client.connect(ADMIN, "{\"username\":\"admin\",\"password\":\"wrong\"}"))
                .isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
        assertThat(client.connect(ADMIN, "{\"sessionId\":\"0123456789abcdef\"}"))
                .isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
        assertThat(client.connect(ADMIN, null)).isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
    }

    @Test
    void shouldSendSessionConfigAndTheServerStatsOfEveryNode() throws Exception {
        RawSocketIoClient admin = login(nodeA);
        String session = args(admin.awaitEvent(ADMIN, "session")).get(1).asText();
        assertThat(session).matches("[0-9a-f]{16}");
        JsonNode config = args(admin.awaitEvent(ADMIN, "config")).get(1);
        assertThat(config.path("supportedFeatures").toString()).isEqualTo("[\"EMIT\",\"JOIN\",\"LEAVE\","
                + "\"DISCONNECT\",\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]");
        assertThat(args(admin.awaitEvent(ADMIN, "all_sockets")).get(1).isArray()).isTrue();

        Set<String> servers = new HashSet<>();
        while (servers.size() < 2) {
            JsonNode stats = args(admin.awaitEvent(ADMIN, "server_stats")).get(1);
            assertThat(stats.fieldNames()).toIterable().contains("serverId", "hostname", "pid", "uptime",
                    "clientsCount", "pollingClientsCount", "aggregatedEvents", "namespaces");
            assertThat(stats.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stats.path("uptime").isNumber()).isTrue();
            assertThat(stats.path("clientsCount").asInt()).isGreaterThanOrEqualTo(0);
            assertThat(stats.path("aggregatedEvents").isArray()).isTrue();
            assertThat(stats.path("namespaces")).anySatisfy(nsp -> {
                assertThat(nsp.path("name").asText()).isEqualTo("/admin");
                assertThat(nsp.path("socketsCount").isInt()).isTrue();
            });
            servers.add(stats.path("serverId").asText());
        }
        assertThat(servers).containsExactlyInAnyOrder("admin-node-a", "admin-node-b");
    }

    @Test
    void shouldAcceptASessionOfOneNodeOnTheOtherThroughRedis() throws Exception {
        RawSocketIoClient admin = login(nodeA);
        String session = args(admin.awaitEvent(ADMIN, "session")).get(1).asText();
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> redisConnection = client.connect()) {
            // Node's RedisStore: key prefix#id, value "true", a day to live
            // saved before the login was answered
            assertThat(redisConnection.sync().exists("socket.io-admin#" + session)).isEqualTo(1L);
            assertThat(redisConnection.sync().get("socket.io-admin#" + session)).isEqualTo("true");
            assertThat(redisConnection.sync().ttl("socket.io-admin#" + session)).isBetween(86_000L, 86_400L);
        } finally {
            client.shutdown();
        }
        RawSocketIoClient reconnect = open(nodeB);
        assertThat(reconnect.connect(ADMIN, "{\"sessionId\":\"" + session + "\"}")).startsWith("40/admin,{\"sid\"");
        reconnect.awaitEvent(ADMIN, "config");
    }

    @Test
    void shouldListTheSocketsOfTheOtherNodeWithTheirAdminData() throws Exception {
        RawSocketIoClient user = open(nodeB);
        String sid = JSON.readTree(user.connect("/", "{\"user\":\"grace\"}").substring(2)).path("sid").asText();
        RawSocketIoClient admin = login(nodeA);
        JsonNode all = args(admin.awaitEvent(ADMIN, "all_sockets")).get(1);
        JsonNode socket = null;
        for (JsonNode candidate : all) {
            if (candidate.path("id").asText().equals(sid)) {
                socket = candidate;
            }
        }
        assertThat(socket).as("socket %s of node B in %s", sid, all).isNotNull();
        assertThat(socket.path("nsp").asText()).isEqualTo("/");
        assertThat(socket.path("clientId").asText()).hasSize(12);
        assertThat(socket.path("transport").asText()).isEqualTo("websocket");
        assertThat(socket.path("handshake").path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(socket.path("handshake").path("headers").isObject()).isTrue();
        assertThat(socket.path("data").has("_admin")).as("serializeData() leaves _admin out").isFalse();
        assertThat(socket.path("rooms").toString()).contains(sid);
    }

    @Test
    void shouldStreamTheSocketsAndEventsOfTheOtherNodeInDevelopmentMode() throws Exception {
        RawSocketIoClient admin = login(nodeA);
        admin.awaitEvent(ADMIN, "all_sockets");
        RawSocketIoClient user = open(nodeB);
        String sid = JSON.readTree(user.connect("/", "{\"user\":\"ada\"}").substring(2)).path("sid").asText();

        JsonNode connected = args(admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"socket_connected\"")
                && frame.contains(sid)));
        assertThat(connected.get(1).path("id").asText()).isEqualTo(sid);
        assertThat(connected.get(1).path("clientId").asText()).hasSize(12);
        assertThat(connected.get(2).asText()).as("a Date as JSON").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // the chat app's welcome goes out with socket.emit: event_sent with the event name first
        JsonNode sent = args(admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"event_sent\",\"/\",\""
                + sid + "\"")));
        assertThat(sent.get(3).get(0).asText()).isEqualTo("welcome");

        user.emitWithAck("echo", "\"ping\",7");
        JsonNode received = args(admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"event_received\",\"/\",\""
                + sid + "\"")));
        assertThat(received.get(3).toString()).isEqualTo("[\"echo\",\"ping\",7]");
    }

    @Test
    void shouldApplyTheCommandsOnTheNodeThatHoldsTheSocket() throws Exception {
        RawSocketIoClient user = open(nodeB);
        String sid = JSON.readTree(user.connect("/", "{\"user\":\"linus\"}").substring(2)).path("sid").asText();
        RawSocketIoClient admin = login(nodeA);
        admin.awaitEvent(ADMIN, "config");

        admin.emit(ADMIN, "join", "\"/\",\"ops\",\"" + sid + "\"");
        admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"room_joined\",\"/\",\"ops\",\"" + sid + "\""));
        admin.emit(ADMIN, "emit", "\"/\",\"ops\",\"notice\",{\"text\":\"maintenance\"}");
        assertThat(user.awaitEvent("notice")).isEqualTo("42[\"notice\",{\"text\":\"maintenance\"}]");
        admin.emit(ADMIN, "leave", "\"/\",\"ops\",\"" + sid + "\"");
        admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"room_left\",\"/\",\"ops\",\"" + sid + "\""));
        admin.emit(ADMIN, "_disconnect", "\"/\",false,\"" + sid + "\"");
        user.awaitFrame(frame -> frame.equals("41"));
        admin.awaitFrame(frame -> frame.startsWith("42/admin,[\"socket_disconnected\",\"/\",\"" + sid
                + "\",\"server namespace disconnect\""));
    }
}
