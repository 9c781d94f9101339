package io.roomcast.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.socketio.RoomcastServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two instances of the chat on one Redis (a redis-server of the test's own on a free port): this
 * {@code @SpringBootTest} is instance A, instance B is started beside it. Real socket.io-client users on both
 * (src/test/node) share a room, the REST endpoint of B reaches the users of both, bad tokens are refused on both
 * the handshake and HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"roomcast.port=0", "roomcast.host=127.0.0.1", "roomcast.shutdown.grace=2s"})
class ChatApplicationTests {

    private static final Path NODE_DIR = Path.of(System.getProperty("nodeDir", "src/test/node"));
    private static final String SECRET = "a-test-secret-that-is-at-least-32-bytes";
    private static Process redis;
    private static String redisUrl;

    @Autowired
    RoomcastServer io;

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry properties) throws Exception {
        startRedis();
        properties.add("roomcast.redis.url", () -> redisUrl);
        properties.add("chat.jwt-secret", () -> SECRET);
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void twoInstancesShareRoomsAndRestBroadcastsIntoThem() throws Exception {
        try (ConfigurableApplicationContext instanceB = new SpringApplicationBuilder(ChatApplication.class).run(
                "--server.port=0", "--roomcast.port=0", "--roomcast.host=127.0.0.1", "--roomcast.shutdown.grace=2s",
                "--roomcast.redis.url=" + redisUrl, "--chat.jwt-secret=" + SECRET)) {
            RoomcastServer ioB = instanceB.getBean(RoomcastServer.class);
            int httpPortB = Integer.parseInt(instanceB.getEnvironment().getProperty("local.server.port"));
            await("both instances see each other through Redis", Duration.ofSeconds(10),
                    () -> io.serverCount().join() == 2 && ioB.serverCount().join() == 2);

            JsonNode r = runClients("http://127.0.0.1:" + io.port(), "http://127.0.0.1:" + ioB.port(),
                    "http://127.0.0.1:" + httpPortB, token("alice", SECRET), token("bob", SECRET),
                    token("mallory", "another-secret-that-is-at-least-32-bytes"));

            assertEquals("invalid token", r.get("badToken").asText());
            assertEquals("missing token", r.get("noToken").asText());
            assertEquals("[{\"user\":\"alice\"},{\"user\":\"bob\"}]", r.get("welcome").toString());
            assertEquals("lobby", r.at("/joins/1/room").asText());
            assertEquals("invalid_payload", r.at("/badJoin/error/code").asText(), r.get("badJoin").toString());
            assertEquals("{\"ok\":true}", r.get("said").toString());
            assertEquals("alice", r.at("/bobHeard/from").asText(), "alice's message crossed from A to B");
            assertEquals(202, r.get("restStatus").asInt());
            assertEquals(401, r.get("restUnauthorized").asInt());
            assertEquals(401, r.get("restBadToken").asInt());
            assertEquals("alice", r.at("/aliceGotRest/from").asText(), "B's REST post reached A's user");
            assertEquals("lobby", r.at("/bobGotRest/room").asText());
        }
    }

    @Test
    void healthShowsTheServerAndRedis() throws Exception {
        await("the adapter is subscribed", Duration.ofSeconds(10), io::isAdapterReady);
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", body.at("/components/roomcast/status").asText(), health.body());
        assertEquals("redis", body.at("/components/roomcast/details/adapter").asText(), health.body());
        assertEquals("UP", body.at("/components/roomcast/details/redis").asText(), health.body());
    }

    private static JsonNode runClients(String... args) throws Exception {
        File stderr = Files.createTempFile("chat-", ".err").toFile();
        List<String> command = new ArrayList<>(List.of("node", "chat-clients.js"));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectError(stderr).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8))) {
            // the script exits by itself (15 s deadline) if anything is missing, which ends these reads
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                fail("node chat-clients.js did not exit");
            }
        } finally {
            node.destroyForcibly();
        }
        assertEquals(0, node.exitValue(), () -> "node chat-clients.js failed:\n" + String.join("\n", lines)
                + "\n" + readQuietly(stderr));
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    /** An HS256 JWT for {@code subject}, valid for a minute, as an identity provider would issue it. */
    static String token(String subject, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static void startRedis() throws Exception {
        if (redis != null) {
            return;
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try {
            redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            fail("install redis-server (e.g. apt-get install redis-server): this test starts its own", e);
        }
        redisUrl = "redis://127.0.0.1:" + port;
        await("redis-server answers PING on " + redisUrl, Duration.ofSeconds(10), () -> ping(port));
    }

    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Polls until the condition holds; fails after the deadline. */
    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String readQuietly(File file) {
        try {
            return Files.readString(file.toPath());
        } catch (IOException e) {
            return "";
        }
    }
}
