package io.roomcast.examples.ticker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.examples.ticker.Ticker.Price;
import io.roomcast.socketio.RoomcastServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two ticker nodes on one Redis (a redis-server of the test's own on a free port), subscribers on both driven by the
 * real socket.io-client, and prices from node A's feed and from {@code @socket.io/redis-emitter} (src/test/node).
 */
class TickerTest {

    private static final Path NODE_DIR = Path.of(System.getProperty("nodeDir", "src/test/node"));
    private static Process redis;
    private static String redisUrl;

    @BeforeAll
    static void startRedis() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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
        int redisPort = port;
        await("redis-server answers PING on " + redisUrl, Duration.ofSeconds(10), () -> ping(redisPort));
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
    void pricesFromTheFeedAndFromTheEmitterReachSubscribersOnBothNodes() throws Exception {
        AtomicReference<Consumer<Price>> feed = new AtomicReference<>();
        try (RoomcastServer nodeA = node(); RoomcastServer nodeB = node()) {
            Ticker.publish(nodeA, feed::set); // the test is node A's market data service
            await("both nodes see each other through Redis", Duration.ofSeconds(10),
                    () -> nodeA.isAdapterReady() && nodeB.isAdapterReady() && nodeA.serverCount().join() == 2
                            && nodeB.serverCount().join() == 2);

            File stderr = Files.createTempFile("ticker-", ".err").toFile();
            Process node = new ProcessBuilder("node", "ticker-clients.js", "http://127.0.0.1:" + nodeA.port(),
                    "http://127.0.0.1:" + nodeB.port(), redisUrl).directory(NODE_DIR.toFile()).redirectError(stderr)
                    .start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // the script exits by itself (15 s deadline) if anything is missing, which ends these reads
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("READY")) {
                        feed.get().accept(new Price("ACME", 101.5, System.currentTimeMillis(), "feed"));
                    }
                }
                if (!node.waitFor(20, TimeUnit.SECONDS)) {
                    fail("node ticker-clients.js did not exit");
                }
            } finally {
                node.destroyForcibly();
            }
            assertEquals(0, node.exitValue(), () -> "node ticker-clients.js failed:\n" + String.join("\n", lines)
                    + "\n" + readQuietly(stderr));
            JsonNode r = new ObjectMapper().readTree(lines.get(lines.size() - 1));

            assertEquals("[{\"subscribed\":true,\"symbol\":\"ACME\"},{\"subscribed\":true,\"symbol\":\"ACME\"},"
                    + "{\"subscribed\":true,\"symbol\":\"GLOBEX\"}]", sorted(r.get("subscribed")));
            assertEquals("invalid_symbol", r.at("/badSymbol/error/code").asText(), r.get("badSymbol").toString());
            assertEquals(101.5, r.at("/feedOnB/price").asDouble(), "node A's price reached node B's subscriber");
            assertEquals(101.5, r.at("/feedOnA/price").asDouble());
            assertEquals(102.25, r.at("/emitterOnA/price").asDouble(), "the emitter reached node A");
            assertEquals(102.25, r.at("/emitterOnB/price").asDouble(), "the emitter reached node B");
            assertEquals(1, r.at("/seen/globexOnB").size(), "only GLOBEX for its subscriber: " + r.at("/seen"));
            assertEquals(2, r.at("/seen/onA").size(), r.at("/seen").toString());
            assertEquals(2, r.at("/seen/onB").size(), r.at("/seen").toString());
        }
    }

    private static RoomcastServer node() {
        RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0)
                .adapter(RedisAdapterFactory.connect(redisUrl)).build();
        return Ticker.install(io).start();
    }

    /** Ack objects with their keys in one order, whatever order the server wrote them in. */
    private static String sorted(JsonNode acks) throws IOException {
        ObjectMapper mapper = new ObjectMapper()
                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        return mapper.writeValueAsString(mapper.treeToValue(acks, Object.class));
    }

    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
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
