package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTests {

    private static GeneratorOptions parse(String... args) {
        return GeneratorOptions.parse(args, Map.of());
    }

    @Test
    void shouldParseEveryFlagOfAFanoutRun() {
        GeneratorOptions options = parse("--target", "ws://127.0.0.1:3101,ws://127.0.0.1:3102", "--scenario", "fanout",
                "--connections", "500", "--rooms", "10", "--publishers", "3", "--rate", "250", "--duration", "2s",
                "--warmup", "500ms", "--source-addresses", "127.0.0.2-127.0.0.4", "--protocol", "raw",
                "--server-pids", "11,12", "--out", "r.json", "--chart", "r.svg");

        assertThat(options.targets()).hasSize(2);
        assertThat(options.rate()).isEqualTo(250);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.sourceAddresses()).extracting(a -> a.getHostAddress())
                .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(options.protocol()).isEqualTo(Protocol.RAW);
        assertThat(options.serverPids()).containsExactly(11L, 12L);
        assertThat(options.totalConnections()).isEqualTo(503);
    }

    @Test
    void shouldTakeFlagsFromTheEnvironmentAndReadMaxAsUnpaced() {
        GeneratorOptions options = GeneratorOptions.parse(new String[0],
                Map.of("LG_TARGET", "ws://127.0.0.5:9000", "LG_RATE", "max", "LG_SCENARIO", "idle"));

        assertThat(options.rate()).isZero();
        assertThat(options.scenario()).isEqualTo(Scenario.IDLE);
        assertThat(options.totalConnections()).isEqualTo(options.connections());
    }

    @Test
    void shouldRefuseTargetsAndSourcesOutsideLoopback() {
        assertThatThrownBy(() -> parse("--target", "ws://10.0.0.1:3000"))
                .hasMessageContaining("127.0.0.0/8");
        assertThatThrownBy(() -> parse("--target", "ws://8.8.8.8:80")).hasMessageContaining("loopback only");
        assertThatThrownBy(() -> parse("--target", "wss://127.0.0.1:3000")).hasMessageContaining("ws://");
        assertThatThrownBy(() -> parse("--target", "ws://127.0.0.1")).hasMessageContaining("explicit port");
        assertThatThrownBy(() -> parse("--source-addresses", "192.168.1.2")).hasMessageContaining("127.0.0.0/8");
    }

    @Test
    void shouldRefuseUnboundedRuns() {
        assertThatThrownBy(() -> parse("--duration", "31m")).hasMessageContaining("duration");
        assertThatThrownBy(() -> parse("--connections", "200001")).hasMessageContaining("connections");
        assertThatThrownBy(() -> parse("--rooms", "0")).hasMessageContaining("rooms");
        assertThatThrownBy(() -> parse("--publishers", "0")).hasMessageContaining("publisher");
        assertThatThrownBy(() -> parse("--bogus", "1")).hasMessageContaining("unknown flag --bogus");
    }

    @Test
    void shouldRefuseARunThatNeedsMoreSocketsThanTheOpenFileLimit() {
        GeneratorOptions options = parse("--connections", "19900", "--rooms", "10", "--publishers", "4");

        assertThatThrownBy(() -> options.requireWithinFileLimit(20_000))
                .hasMessageContaining("needs 20104 open files");
        options.requireWithinFileLimit(20_104);
    }

    @Test
    void shouldBoundTheWholeProcessLifetime() {
        GeneratorOptions options = parse("--duration", "10s", "--warmup", "2s", "--connections", "1000");

        assertThat(LoadGenerator.bound(options)).isLessThan(Duration.ofMinutes(3));
    }
}
