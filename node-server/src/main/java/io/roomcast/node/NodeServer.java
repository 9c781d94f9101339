package io.roomcast.node;

import io.roomcast.node.chat.ChatApp;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.socketio.RoomcastServer;

import java.util.function.Consumer;

/**
 * The node Roomcast ships: {@link NodeRuntime} running the chat application ({@link ChatApp}) and its demo page.
 * {@code java -jar node-server.jar} runs {@link #main}; tests call {@link #start(NodeConfig, Consumer)}.
 */
public final class NodeServer {

    /** Prometheus scrape endpoint on the management port. */
    public static final String METRICS_PATH = NodeRuntime.METRICS_PATH;

    private NodeServer() {
    }

    public static void main(String[] args) {
        NodeRuntime.run(ChatApp::fromConfig);
    }

    /** Starts the chat node; {@code customize} sees the server before the port opens (tests add namespaces). */
    public static NodeRuntime start(NodeConfig config, Consumer<RoomcastServer> customize) {
        RoomcastApplication chat = ChatApp.fromConfig(config);
        return NodeRuntime.start(config, new RoomcastApplication() {
            @Override
            public void install(RoomcastServer io) {
                chat.install(io);
                customize.accept(io);
            }

            @Override
            public java.util.Optional<io.roomcast.engine.HttpFallback> httpFallback() {
                return chat.httpFallback();
            }

            @Override
            public String userOf(io.roomcast.socketio.Socket socket) {
                return chat.userOf(socket);
            }

            @Override
            public void close() {
                chat.close();
            }
        });
    }
}
