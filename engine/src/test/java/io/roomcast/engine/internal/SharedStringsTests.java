package io.roomcast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharedStringsTests {

    private final SharedStrings shared = new SharedStrings();

    @Test
    void shouldHandTheSameInstancesToEveryHandshakeOfOneKindOfClient() {
        String first = shared.headerName(new String("Sec-WebSocket-Version"));
        String second = shared.headerName(new String("sec-websocket-version"));
        List<String> hostOfFirst = shared.headerValues("host", List.of(new String("127.0.0.1:3000")));
        List<String> hostOfSecond = shared.headerValues("host", List.of(new String("127.0.0.1:3000")));

        assertThat(first).isEqualTo("sec-websocket-version").isSameAs(second);
        assertThat(hostOfFirst).containsExactly("127.0.0.1:3000").isSameAs(hostOfSecond);
        assertThat(shared.parameterValues("transport", List.of(new String("websocket"))))
                .isSameAs(shared.parameterValues("transport", List.of(new String("websocket"))));
    }

    @Test
    void shouldKeepValuesThatDifferPerClientUnshared() {
        List<String> key = List.of(new String("dGhlIHNhbXBsZSBub25jZQ=="));
        List<String> token = List.of(new String("secret"));

        assertThat(shared.headerValues("sec-websocket-key", key)).isEqualTo(key)
                .isNotSameAs(shared.headerValues("sec-websocket-key", List.of(new String("dGhlIHNhbXBsZSBub25jZQ=="))));
        assertThat(shared.parameterValues("token", token)).isEqualTo(token)
                .isNotSameAs(shared.parameterValues("token", List.of(new String("secret"))));
    }

    @Test
    void shouldKeepRepeatedValuesInOrderAndImmutable() {
        List<String> values = shared.headerValues("accept", List.of("a", "b"));

        assertThat(values).containsExactly("a", "b");
        assertThat(values.getClass().getName()).startsWith("java.util.ImmutableCollections");
    }

    @Test
    void shouldStopSharingOnceFullSoRandomNamesCannotGrowIt() {
        for (int i = 0; i < 10_000; i++) {
            shared.headerName("x-random-" + i);
        }
        String late = new String("x-late-header");

        assertThat(shared.headerName(late)).isSameAs(late);
        assertThat(shared.headerName(new String("x-late-header"))).isNotSameAs(late).isEqualTo(late);
        // names shared before it filled up stay shared
        assertThat(shared.headerName(new String("x-random-1"))).isSameAs(shared.headerName("x-random-1"));
    }
}
