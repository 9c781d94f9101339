package io.roomcast.cluster.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the classic adapter's codec ({@link MessageCodec}, MessagePack and JSON). Every input is
 * read as a broadcast, a request and a response (the pending request a response answers is picked from its
 * requestId, so every response type is reached). Property: each read gives a message, nothing (a message not for
 * us) or a {@link MalformedMessageException} — nothing else is thrown, no hang, no allocation beyond the input's
 * size; what decodes encodes to bytes that decode to the same message (through JSON, binary as Node's Buffer form).
 * Seeds: the Node captures of {@code wire/classic}, {@code wire/classic_specific} and {@code wire/em_classic}, in
 * {@code MessageCodecFuzzTestsInputs/}.
 */
class MessageCodecFuzzTests {

    private static final RequestType[] TYPES = RequestType.values();
    private static final Function<String, RequestType> PENDING = id -> TYPES[Math.floorMod(id.hashCode(), TYPES.length)];

    private static long executions;
    private static long decoded;
    private static long malformed;

    private final MessageCodec codec = new MessageCodec();

    @FuzzTest
    void shouldDecodeAnyPayloadOrRejectItAsMalformed(byte[] payload) {
        executions++;
        BroadcastMessage broadcast = decodeOrNull(() -> codec.decodeBroadcast(payload));
        if (broadcast != null) {
            byte[] encoded = codec.encodeBroadcast(broadcast);
            assertSameView(WireView.of(codec.decodeBroadcast(encoded)), WireView.of(broadcast), encoded);
        }
        Request request = decodeOrNull(() -> codec.decodeRequest(payload).orElse(null));
        if (request != null) {
            byte[] encoded = codec.encodeRequest(request);
            assertSameView(WireView.of(codec.decodeRequest(encoded).orElseThrow()), WireView.of(request), encoded);
        }
        Response response = decodeOrNull(() -> codec.decodeResponse(payload, PENDING).orElse(null));
        if (response != null) {
            byte[] encoded = codec.encodeResponse(response);
            assertSameView(WireView.of(codec.decodeResponse(encoded, PENDING).orElseThrow()), WireView.of(response),
                    encoded);
        }
    }

    @AfterAll
    static void printExecutions() {
        System.out.printf("fuzz target MessageCodec: %d executions, %d reads decoded, %d rejected as malformed%n",
                executions, decoded, malformed);
    }

    /** The decoded message, or null when it is not for us or malformed (the only exception allowed). */
    static <T> T decodeOrNull(Supplier<T> decode) {
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

    static void assertSameView(Object again, Object view, byte[] encoded) {
        Object expected = encoded.length > 0 && encoded[0] == '{' ? Plain.asJson(view) : view;
        assertThat(again).as("re-decoded %s", new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(expected);
    }
}
