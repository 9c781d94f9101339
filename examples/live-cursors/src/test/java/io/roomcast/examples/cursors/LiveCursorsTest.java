package io.roomcast.examples.cursors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.RoomcastServer;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Starts the board on a free port and drives it with three real socket.io-client clients (src/test/node). */
class LiveCursorsTest {

    private static final Path NODE_DIR = Path.of(System.getProperty("nodeDir", "src/test/node"));

    @Test
    void boardsWhoIsHereCursorsAndLeaving() throws Exception {
        try (RoomcastServer io = LiveCursors.install(RoomcastServer.builder().host("127.0.0.1").port(0).build())) {
            io.start();
            JsonNode r = runNode("board-clients.js", "http://127.0.0.1:" + io.port());
            String alice = r.at("/ids/alice").asText();
            String bob = r.at("/ids/bob").asText();
            String carol = r.at("/ids/carol").asText();

            // who is here: the joiner and everyone before them, sorted by name
            assertEquals("[\"alice\"]", names(r.at("/aliceJoin/here")));
            assertEquals(alice, r.at("/aliceJoin/here/0/id").asText());
            assertEquals("b1", r.at("/aliceJoin/board").asText());
            assertEquals("[\"alice\",\"bob\"]", names(r.at("/bobJoin/here")));
            assertEquals("[\"carol\"]", names(r.at("/carolJoin/here")));
            assertEquals(bob, r.at("/aliceSawBobJoin/id").asText());

            // a move reaches the others on the board only
            JsonNode cursor = r.at("/aliceSawBobCursor");
            assertEquals(bob, cursor.get("id").asText());
            assertEquals("bob", cursor.get("name").asText());
            assertEquals(10.0, cursor.get("x").asDouble());
            assertEquals(20.0, cursor.get("y").asDouble());
            assertEquals(List.of(), events(r.at("/seen/bob"), "cursor"), "the sender gets no cursor");
            assertEquals(List.of(), events(r.at("/seen/carol"), "cursor"), "the other board gets no cursor");

            // a payload that is not a Move gets the typed listener's error ack
            assertEquals("invalid_payload", r.at("/badMove/error/code").asText(), r.at("/badMove").toString());

            // switching boards: left on the old one, joined and who is here on the new one
            assertEquals("[\"bob\",\"carol\"]", names(r.at("/bobSwitch/here")));
            assertEquals(bob, r.at("/carolSawBobJoin/id").asText());
            assertEquals(bob, r.at("/aliceSawBobLeave/id").asText());

            // disconnecting is leaving
            assertEquals(carol, r.at("/bobSawCarolLeave/id").asText());
        }
    }

    private static String names(JsonNode here) {
        List<String> names = new ArrayList<>();
        here.forEach(p -> names.add("\"" + p.get("name").asText() + "\""));
        return names.toString().replace(", ", ",");
    }

    private static List<JsonNode> events(JsonNode seen, String event) {
        List<JsonNode> found = new ArrayList<>();
        seen.forEach(e -> {
            if (event.equals(e.get("event").asText())) {
                found.add(e);
            }
        });
        return found;
    }

    /** Runs a script of src/test/node; returns the JSON of its last stdout line once it exits 0. */
    static JsonNode runNode(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        File stderr = Files.createTempFile("node-", ".err").toFile();
        Process node = new ProcessBuilder(command).directory(NODE_DIR.toFile())
                .redirectError(stderr).start();
        String stdout;
        try {
            stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                fail("node " + script + " did not exit");
            }
        } finally {
            node.destroyForcibly();
        }
        String errors = Files.readString(stderr.toPath());
        assertEquals(0, node.exitValue(), () -> "node " + script + " failed:\n" + stdout + errors);
        String[] lines = stdout.strip().split("\n");
        assertTrue(lines.length > 0 && !lines[0].isEmpty(), "no output from " + script + "\n" + errors);
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
