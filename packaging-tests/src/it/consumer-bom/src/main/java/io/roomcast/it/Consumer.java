package io.roomcast.it;

import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.EngineServer;
import io.roomcast.socketio.SocketIoOptions;
import io.roomcast.socketio.SocketIoServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A consumer's first program: start a server on a free port and get an Engine.IO handshake from it. */
public final class Consumer {

    public static void main(String[] args) throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoOptions.defaults());
        try (EngineServer server = new EngineServer(EngineOptions.defaults(), io, null)) {
            server.start("127.0.0.1", 0);
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling");
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().startsWith("0{\"sid\"")) {
                throw new IllegalStateException("expected 200 and an Engine.IO open packet from " + uri + ", got "
                        + response.statusCode() + " " + response.body());
            }
            System.out.println("consumer handshake OK: " + response.body());
        }
    }
}
