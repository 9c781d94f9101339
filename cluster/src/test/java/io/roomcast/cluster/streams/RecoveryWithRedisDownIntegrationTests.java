package io.roomcast.cluster.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A restore while Redis is down: the client gets a fresh session, and the node keeps serving everyone else. */
@Tag("integration")
class RecoveryWithRedisDownIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RedisFixture redis = RedisFixture.restartable();

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private StreamsTestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @SuppressWarnings("unchecked")
    @Test
    void shouldGiveAFreshSessionWhenRedisIsDownDuringTheRestore() throws Exception {
        String prefix = redis.keyPrefix();
        node = new StreamsTestNode(redis.uri(), StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withSessionKeyPrefix(prefix + ":session:")
                .withLiveSessionKeyPrefix(prefix + ":live:").withBlockTime(Duration.ofSeconds(1)),
                ConnectionStateRecovery.defaults());
        node.server().sockets().onConnection(socket -> socket.emit("welcome"));
        TestClient bystander = new TestClient(node.server(), loop);
        bystander.send("0");
        String bystanderId = bystander.sid("/");
        TestClient client = new TestClient(node.server(), loop);
        client.send("0");
        String connect = client.awaitText(t -> t.startsWith("0{")).stream().filter(t -> t.startsWith("0{"))
                .findFirst().orElseThrow();
        Map<String, Object> reply = JSON.readValue(connect.substring(1), Map.class);
        String welcome = client.awaitText(t -> t.startsWith("2[\"welcome\"")).stream()
                .filter(t -> t.startsWith("2[\"welcome\"")).findFirst().orElseThrow();
        String offset = (String) JSON.readValue(welcome.substring(1), java.util.List.class).get(1);
        client.engineClose(io.roomcast.engine.DisconnectReason.TRANSPORT_CLOSE);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.server().sockets().sockets().size() == 1);

        redis.kill();
        TestClient returning = new TestClient(node.server(), loop);
        returning.send("0" + JSON.writeValueAsString(Map.of("pid", reply.get("pid"), "offset", offset)));

        await().atMost(Duration.ofSeconds(20)).until(() -> returning.texts().stream().anyMatch(t -> t.startsWith("0{")));
        String fresh = returning.texts().stream().filter(t -> t.startsWith("0{")).findFirst().orElseThrow();
        assertThat(JSON.readValue(fresh.substring(1), Map.class).get("sid")).isNotEqualTo(reply.get("sid"));
        assertThat(node.server().sockets().sockets()).containsKey(bystanderId);
        node.server().sockets().local().emit("still", "served");
        assertThat(bystander.awaitText(t -> t.startsWith("2[\"still\",\"served\""))).isNotEmpty();
    }
}
