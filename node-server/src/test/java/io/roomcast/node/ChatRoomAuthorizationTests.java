package io.roomcast.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's hostile-input finding, replayed: a node with {@code JWT_SECRET} and real socket.io-client 4.8.4 sockets
 * ({@code src/test/node/scenarios/room-auth.js}). bob (JWT {@code rooms: ["lobby"]}) and mallory
 * ({@code ["user:*", "*"]}) cannot join {@code user:alice:private}, bob not {@code secret-room} either; they get the
 * {@code forbidden} ack and none of alice's messages there; alice joins her own room; a {@code sub} of 0 or 300
 * characters is refused at connect; {@code /metrics} counts every denial.
 */
class ChatRoomAuthorizationTests {

    /** lib/tokens.js signs with CONFORMANCE_JWT_SECRET; the Java node needs at least 32 bytes. */
    private static final String SECRET = "room-auth-secret-of-at-least-32-bytes";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private NodeRuntime node;

    @BeforeEach
    void start() throws Exception {
        node = NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(NodeProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(NodeProcess.freePort()),
                "JWT_SECRET", SECRET)), io -> { });
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void shouldKeepOtherUsersOutOfRoomsTheirTokenDoesNotAllow() throws Exception {
        assertThat(deniedJoins()).isZero();

        JsonNode report = runScenario();

        assertThat(report.at("/aliceJoins/user:alice:private/ok").asBoolean()).as("alice joins her own room").isTrue();
        assertThat(report.at("/aliceJoins/secret-room/ok").asBoolean()).isTrue();
        assertThat(report.at("/bobJoins/lobby/ok").asBoolean()).isTrue();
        for (String path : List.of("/bobJoins/user:alice:private", "/bobJoins/secret-room",
                "/malloryJoins/user:alice:private")) {
            String room = path.substring(path.lastIndexOf('/') + 1);
            assertThat(report.at(path)).as(path).isEqualTo(json(
                    "{\"error\":{\"code\":\"forbidden\",\"message\":\"not allowed to join room " + room + "\"}}"));
        }
        assertThat(report.at("/malloryJoins/secret-room/ok").asBoolean()).as("mallory's \"*\" matches it").isTrue();
        assertThat(report.at("/bobWritesToSecretRoom/error/code").asText()).isEqualTo("not_joined");

        assertThat(texts(report, "bobReceived")).containsExactly("lobby: alice in lobby");
        assertThat(texts(report, "malloryReceived")).containsExactly("secret-room: alice in secret-room");
        assertThat(texts(report, "aliceReceived")).containsExactly("user:alice:private: alice in user:alice:private",
                "secret-room: alice in secret-room", "lobby: alice in lobby");

        String refusedSub = "[[\"connect_error\",\"unauthorized\",{\"reason\":"
                + "\"invalid token: sub must be 1 to 256 characters\"}]]";
        assertThat(report.at("/refused/empty sub")).isEqualTo(json(refusedSub));
        assertThat(report.at("/refused/300-character sub")).isEqualTo(json(refusedSub));

        assertThat(deniedJoins()).as("roomcast_room_joins_denied_total").isEqualTo(3);
        System.out.println("room-auth: 3 forbidden joins acked and counted, 2 bad subs refused at connect");
    }

    private JsonNode runScenario() throws Exception {
        Path suite = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/node").toAbsolutePath();
        if (!Files.isRegularFile(suite.resolve("node_modules/socket.io-client/package.json"))) {
            throw new AssertionError("run npm ci in node-server/src/test/node (missing node_modules/socket.io-client)");
        }
        ToolProcess.Result result = ToolProcess.run("room-auth", List.of("node", "scenarios/room-auth.js",
                        "--url", "http://127.0.0.1:" + node.port()), suite,
                Map.of("CONFORMANCE_JWT_SECRET", SECRET), SCRIPT_TIMEOUT);
        String last = result.output().strip().lines().reduce((first, second) -> second).orElse("");
        if (result.exitCode() != 0 || !last.startsWith("{")) {
            throw new AssertionError("room-auth.js failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return new ObjectMapper().readTree(last);
    }

    private static List<String> texts(JsonNode report, String field) {
        return new ObjectMapper().convertValue(report.get(field), new com.fasterxml.jackson.core.type.TypeReference<>() {
        });
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private double deniedJoins() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort()
                + NodeServer.METRICS_PATH)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^roomcast_room_joins_denied_total\\{[^}]*namespace=\"/\"[^}]*} (\\S+)$")
                .matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no roomcast_room_joins_denied_total{namespace=\"/\"} in:\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }
}
