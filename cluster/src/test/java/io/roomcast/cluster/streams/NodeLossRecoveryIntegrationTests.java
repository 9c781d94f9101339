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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Roomcast's recovery beyond Node: the clients of a node that dies without saving anything recover on another
 * node, from the session record kept current while they were connected, and only once that node is gone.
 */
@Tag("integration")
class NodeLossRecoveryIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static RedisFixture redis = RedisFixture.any();

    private final List<StreamsTestNode> nodes = new ArrayList<>();
    private final DefaultEventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        nodes.forEach(node -> {
            try {
                node.close();
            } catch (RuntimeException e) {
                // the "killed" node is half closed already
            }
        });
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private StreamsTestNode node() {
        String prefix = redis.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withSessionKeyPrefix(prefix + ":session:")
                .withLiveSessionKeyPrefix(prefix + ":live:").withBlockTime(Duration.ofSeconds(1));
        StreamsTestNode node = new StreamsTestNode(redis.uri(), options,
                ConnectionStateRecovery.defaults().withMaxDisconnectionDuration(Duration.ofMinutes(1)));
        nodes.add(node);
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connectReply(TestClient client) throws Exception {
        String text = client.awaitText(t -> t.startsWith("0{")).stream().filter(t -> t.startsWith("0{"))
                .findFirst().orElseThrow();
        return JSON.readValue(text.substring(1), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> event(TestClient client, String prefix) throws Exception {
        String text = client.awaitText(t -> t.startsWith(prefix)).stream().filter(t -> t.startsWith(prefix))
                .findFirst().orElseThrow();
        return JSON.readValue(text.substring(1), List.class);
    }

    @Test
    void shouldRecoverTheClientsOfAKilledNodeOnASurvivorOnlyOnceThatNodeIsGone() throws Exception {
        StreamsTestNode doomed = node();
        StreamsTestNode survivor = node();
        doomed.server().sockets().onConnection(socket -> socket.join("room1"));
        TestClient client = new TestClient(doomed.server(), loop);
        client.send("0");
        Map<String, Object> reply = connectReply(client);
        doomed.server().sockets().to("room1").emit("news", "before");
        List<Object> before = event(client, "2[\"news\",\"before\"");
        String offset = (String) before.get(before.size() - 1);
        String auth = JSON.writeValueAsString(Map.of("pid", reply.get("pid"), "offset", offset));

        TestClient tooEarly = new TestClient(survivor.server(), loop);
        tooEarly.send("0" + auth);
        assertThat(connectReply(tooEarly).get("sid")).as("its node is alive: the socket may still be there")
                .isNotEqualTo(reply.get("sid"));

        doomed.factory().close(); // its Redis connections drop, as a SIGKILLed process's do; nothing is saved
        await().atMost(Duration.ofSeconds(10)).until(() -> survivor.adapter().serverCount().get() == 1);
        survivor.server().sockets().to("room1").emit("news", "missed");
        survivor.server().sockets().to("room2").emit("news", "other room");

        TestClient recovered = new TestClient(survivor.server(), loop);
        recovered.send("0" + auth);
        List<String> texts = recovered.awaitText(t -> t.startsWith("0{"));
        assertThat(texts.get(0)).startsWith("2[\"news\",\"missed\",\"");
        assertThat(texts).hasSize(2);
        assertThat(connectReply(recovered)).isEqualTo(reply);
        assertThat(survivor.server().sockets().sockets().get((String) reply.get("sid")).rooms())
                .containsExactlyInAnyOrder((String) reply.get("sid"), "room1");

        TestClient again = new TestClient(survivor.server(), loop);
        again.send("0" + auth);
        assertThat(connectReply(again).get("sid")).as("taken once").isNotEqualTo(reply.get("sid"));
    }
}
