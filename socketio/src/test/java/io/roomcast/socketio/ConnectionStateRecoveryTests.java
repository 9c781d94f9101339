package io.roomcast.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.internal.SocketIoServer;
import io.roomcast.socketio.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection state recovery on one node, with the in-memory adapter, at the level of Socket.IO packets. */
class ConnectionStateRecoveryTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<String> recoveries = new CopyOnWriteArrayList<>();
    private final SocketIoServer server = new SocketIoServer(SocketIoOptions.defaults()
            .withConnectionStateRecovery(ConnectionStateRecovery.defaults())
            .withObserver(new SocketIoObserver() {
                @Override
                public void recovery(String namespace, RecoveryResult result, int replayedPackets) {
                    recoveries.add(result.tag() + ":" + replayedPackets);
                }
            }));

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connectPayload(TestClient client) throws Exception {
        String connect = client.awaitText(text -> text.startsWith("0{")).stream()
                .filter(text -> text.startsWith("0{")).findFirst().orElseThrow();
        return JSON.readValue(connect.substring(1), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static String lastArgument(String eventText) throws Exception {
        List<Object> data = JSON.readValue(eventText.substring(1), List.class);
        return (String) data.get(data.size() - 1);
    }

    @Test
    void shouldSendAPrivateIdAndAnOffsetWithEveryEventWithoutAck() throws Exception {
        server.sockets().onConnection(socket -> {
            socket.emit("welcome", "hi");
            socket.timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q");
            socket.volatile_().emit("tick", "v");
        });
        TestClient client = new TestClient(server, loop);
        client.send("0");

        Map<String, Object> connect = connectPayload(client);
        assertThat((String) connect.get("pid")).hasSize(20).isNotEqualTo(connect.get("sid"));
        List<String> texts = client.awaitText(text -> text.startsWith("2[\"tick\""));
        String welcome = texts.stream().filter(t -> t.startsWith("2[\"welcome\"")).findFirst().orElseThrow();
        assertThat(welcome).startsWith("2[\"welcome\",\"hi\",\"");
        assertThat(texts).contains("20[\"ask\",\"q\"]"); // an ack id: no offset
        assertThat(texts).contains("2[\"tick\",\"v\"]"); // volatile: no offset
    }

    @Test
    void shouldRestoreIdRoomsDataAndMissedEventsBeforeTheConnectReply() throws Exception {
        List<Socket> connected = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            connected.add(socket);
            if (!socket.recovered()) {
                socket.join("room1");
                socket.data(Map.of("user", "alice"));
            }
        });
        TestClient first = new TestClient(server, loop);
        first.send("0");
        Map<String, Object> connect = connectPayload(first);
        server.sockets().to("room1").emit("news", 1);
        String offset = lastArgument(first.awaitText(t -> t.startsWith("2[\"news\",1")).stream()
                .filter(t -> t.startsWith("2[\"news\",1")).findFirst().orElseThrow());

        first.engineClose(DisconnectReason.TRANSPORT_CLOSE);
        server.sockets().to("room1").emit("news", 2);
        server.sockets().to("room2").emit("news", "other room");
        server.sockets().emit("news", 3);

        TestClient second = new TestClient(server, loop);
        second.send("0" + JSON.writeValueAsString(Map.of("pid", connect.get("pid"), "offset", offset)));

        List<String> texts = second.awaitText(t -> t.startsWith("0{"));
        assertThat(texts).hasSize(3);
        assertThat(texts.get(0)).startsWith("2[\"news\",2,");
        assertThat(texts.get(1)).startsWith("2[\"news\",3,");
        assertThat(connectPayload(second)).isEqualTo(connect);
        Socket recovered = connected.get(1);
        assertThat(recovered.recovered()).isTrue();
        assertThat(recovered.id()).isEqualTo(connect.get("sid"));
        assertThat(recovered.rooms()).containsExactlyInAnyOrder((String) connect.get("sid"), "room1");
        assertThat(recovered.data()).isEqualTo(Map.of("user", "alice"));
        assertThat(recoveries).containsExactly("recovered:2");

        server.sockets().to("room1").emit("news", 4);
        assertThat(second.awaitText(t -> t.startsWith("2[\"news\",4,"))).isNotEmpty();
    }

    @Test
    void shouldNotSaveTheSessionOfAClientThatLeftByItself() throws Exception {
        server.sockets().onConnection(socket -> socket.emit("welcome"));
        TestClient first = new TestClient(server, loop);
        first.send("0");
        Map<String, Object> connect = connectPayload(first);
        String offset = lastArgument(first.awaitText(t -> t.startsWith("2[\"welcome\"")).stream()
                .filter(t -> t.startsWith("2[\"welcome\"")).findFirst().orElseThrow());
        first.send("1");

        TestClient second = new TestClient(server, loop);
        second.send("0" + JSON.writeValueAsString(Map.of("pid", connect.get("pid"), "offset", offset)));

        Map<String, Object> fresh = connectPayload(second);
        assertThat(fresh.get("sid")).isNotEqualTo(connect.get("sid"));
        assertThat(fresh.get("pid")).isNotEqualTo(connect.get("pid"));
        assertThat(recoveries).containsExactly("unknown:0");
    }

    @Test
    void shouldGiveAFreshSessionForAnUnknownOffsetOrAForgedPid() throws Exception {
        server.sockets().onConnection(socket -> socket.emit("welcome"));
        TestClient first = new TestClient(server, loop);
        first.send("0");
        Map<String, Object> connect = connectPayload(first);
        first.engineClose(DisconnectReason.PING_TIMEOUT);

        TestClient forged = new TestClient(server, loop);
        forged.send("0{\"pid\":\"AAAAAAAAAAAAAAAAAAAA\",\"offset\":\"x-1\"}");
        assertThat(connectPayload(forged).get("sid")).isNotEqualTo(connect.get("sid"));
        TestClient badOffset = new TestClient(server, loop);
        badOffset.send("0" + JSON.writeValueAsString(Map.of("pid", connect.get("pid"), "offset", "nope")));
        assertThat(connectPayload(badOffset).get("sid")).isNotEqualTo(connect.get("sid"));
        TestClient notStrings = new TestClient(server, loop);
        notStrings.send("0{\"pid\":1,\"offset\":[]}");
        assertThat(connectPayload(notStrings)).containsKey("pid");

        assertThat(recoveries).containsExactly("unknown:0", "trimmed:0");
    }

    @Test
    void shouldSaveTheSessionWhenTheServerClosesTheTransportWithoutADisconnectPacket() throws Exception {
        List<Socket> connected = new CopyOnWriteArrayList<>();
        server.sockets().onConnection(socket -> {
            connected.add(socket);
            socket.emit("welcome");
        });
        TestClient first = new TestClient(server, loop);
        first.send("0");
        Map<String, Object> connect = connectPayload(first);
        String offset = lastArgument(first.awaitText(t -> t.startsWith("2[\"welcome\"")).stream()
                .filter(t -> t.startsWith("2[\"welcome\"")).findFirst().orElseThrow());

        connected.get(0).closeTransport();
        first.onLoop(() -> { });
        assertThat(first.texts()).noneMatch(t -> t.startsWith("1"));

        TestClient second = new TestClient(server, loop);
        second.send("0" + JSON.writeValueAsString(Map.of("pid", connect.get("pid"), "offset", offset)));
        assertThat(connectPayload(second)).isEqualTo(connect);
        assertThat(recoveries).containsExactly("recovered:0");
    }
}
