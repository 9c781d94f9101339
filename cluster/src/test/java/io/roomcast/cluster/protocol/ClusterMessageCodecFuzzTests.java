package io.roomcast.cluster.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomcast.socketio.adapter.SavedSession;
import org.junit.jupiter.api.AfterAll;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the sharded and streams adapters' codecs ({@link ClusterMessageCodec}: the pub/sub
 * envelope, the sharded payload, the stream entry) and of the streams adapter's saved sessions
 * ({@link SessionCodec}). The input is read whole as an envelope, and split at {@code 0x00} into the fields
 * {@code name, value, name, value...} of a stream entry, each value also read as a saved session. Property: each
 * read gives a message, nothing (a type not acted on) or a {@link MalformedMessageException} — nothing else, no
 * hang, no allocation beyond the input's size; what decodes re-encodes in every form (envelope, sharded payload,
 * entry with and without binary) to something that decodes to the same message. Seeds: the Node captures of
 * {@code wire/sharded} and {@code wire/streams}, in {@code ClusterMessageCodecFuzzTestsInputs/}.
 */
class ClusterMessageCodecFuzzTests {

    private static long executions;
    private static long decoded;
    private static long malformed;

    private final ClusterMessageCodec codec = new ClusterMessageCodec();
    private final SessionCodec sessions = new SessionCodec();

    @FuzzTest
    void shouldDecodeAnyEnvelopeEntryOrSessionOrRejectItAsMalformed(byte[] input) {
        executions++;
        ClusterMessage envelope = decodeOrNull(() -> codec.decodeEnvelope(input).orElse(null));
        if (envelope != null) {
            assertRoundTrips(envelope);
        }
        List<String> parts = split(input);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            fields.put(parts.get(i), parts.get(i + 1));
        }
        ClusterMessage entry = decodeOrNull(() -> codec.decodeEntry(fields).orElse(null));
        if (entry != null) {
            assertRoundTrips(entry);
        }
        for (String value : parts) {
            SavedSession session = decodeOrNull(() -> sessions.decode(value));
            if (session != null) {
                // unset data is written as {}, as Node's socket.data starts out
                Object data = session.data() == null ? Map.of() : session.data();
                SavedSession again = sessions.decode(sessions.encode(session));
                assertThat(Arrays.asList(again.sid(), again.pid(), again.rooms(), Plain.of(again.data())))
                        .isEqualTo(Arrays.asList(session.sid(), session.pid(), session.rooms(), Plain.of(data)));
            }
        }
    }

    @AfterAll
    static void printExecutions() {
        System.out.printf("fuzz target ClusterMessageCodec+SessionCodec: %d executions, %d reads decoded, %d rejected"
                + " as malformed%n", executions, decoded, malformed);
    }

    private void assertRoundTrips(ClusterMessage message) {
        Object view = view(message);
        byte[] envelope = codec.encodeEnvelope(message);
        assertThat(view(codec.decodeEnvelope(envelope).orElseThrow())).as("envelope").isEqualTo(view);
        byte[] sharded = codec.encodeShardedPayload(message);
        MessageCodecFuzzTests.assertSameView(view(codec.decodeEnvelope(sharded).orElseThrow()), view, sharded);
        for (boolean onlyPlaintext : new boolean[] {false, true}) {
            Map<String, String> entry = codec.encodeEntry(message, onlyPlaintext);
            Object again = view(codec.decodeEntry(entry).orElseThrow());
            assertThat(again).as("entry %s", entry)
                    .isEqualTo(entry.get("data").startsWith("{") ? Plain.asJson(view) : view);
        }
    }

    private static Object view(ClusterMessage message) {
        Object body = message.body();
        Object bodyView = body instanceof BroadcastMessage b ? WireView.of(b)
                : body instanceof Request r ? WireView.of(r) : WireView.of((Response) body);
        return List.of(message.uid(), message.nsp(), message.type(), bodyView);
    }

    private static <T> T decodeOrNull(Supplier<T> decode) {
        try {
            T message = decode.get();
            if (message != null) {
                decoded++;
            }
            return message;
        } catch (MalformedMessageException e) {
            malformed++;
            return null;
        }
    }

    private static List<String> split(byte[] input) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0) {
                parts.add(new String(input, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }
}
