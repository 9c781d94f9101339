package io.roomcast.engine.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the polling payload decoder (the body of a polling POST, decoded as UTF-8 as
 * {@link PollRequest} does). Property: any body splits into packets, the last of which may be null (Node's
 * ERROR_PACKET: the session is closed with "parse error") — nothing is thrown; the valid packets encode to a payload
 * that decodes to the same packets. Seeds: {@code PacketCodecFuzzTestsInputs/}; `mvn verify` fuzzes for
 * {@code fuzz.maxDuration} (the parent pom's surefire execution "fuzz").
 */
class PacketCodecFuzzTests {

    private static long executions;
    private static long invalid;

    @FuzzTest
    void shouldSplitAnyPayloadIntoPacketsUpToTheFirstInvalidOne(byte[] body) {
        executions++;
        List<Packet> packets = PacketCodec.decodePayload(new String(body, StandardCharsets.UTF_8));
        assertThat(packets).isNotEmpty();
        for (int i = 0; i < packets.size() - 1; i++) {
            assertThat(packets.get(i)).as("only the last packet may be invalid").isNotNull();
        }
        List<Packet> valid = packets.get(packets.size() - 1) == null
                ? packets.subList(0, packets.size() - 1)
                : packets;
        if (valid.size() < packets.size()) {
            invalid++;
        }
        if (valid.isEmpty()) {
            return;
        }
        List<Packet> again = PacketCodec.decodePayload(PacketCodec.encodePayload(valid));
        assertThat(again).hasSameSizeAs(valid);
        for (int i = 0; i < valid.size(); i++) {
            assertSamePacket(again.get(i), valid.get(i));
        }
    }

    @AfterAll
    static void printExecutions() {
        System.out.printf("fuzz target PacketCodec.decodePayload: %d executions, %d payloads ending in an invalid"
                + " packet%n", executions, invalid);
    }

    private static void assertSamePacket(Packet actual, Packet expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.text()).isEqualTo(expected.text());
        assertThat(actual.isBinary()).isEqualTo(expected.isBinary());
        if (expected.isBinary()) {
            assertThat(Arrays.equals(actual.binary(), expected.binary())).as("binary round trip").isTrue();
        }
    }
}
