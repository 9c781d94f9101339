package io.roomcast.it;

import io.roomcast.socketio.RoomcastServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A consumer's first program: start a server on a free port and get an Engine.IO handshake from it. */
public final class Consumer {

    record Chat(String room, String text) {
    }

    public static void main(String[] args) throws Exception {
        try (RoomcastServer io = RoomcastServer.builder().host("127.0.0.1").port(0).build()) {
            io.onConnection(socket -> socket.on("chat", Chat.class,
                    (s, chat, ack) -> io.to(chat.room()).emit("chat", chat)));
            io.start();
            URI uri = URI.create("http://127.0.0.1:" + io.port() + "/socket.io/?EIO=4&transport=polling");
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
