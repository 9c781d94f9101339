package io.roomcast.node.config;

import io.roomcast.engine.EngineOptions;
import io.roomcast.engine.NettyTuning;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigVariableTests {

    @Test
    void shouldDescribeEveryVariableInOneRowOfTheTable() {
        String table = ConfigVariable.markdownTable();

        assertThat(table.lines()).hasSize(ConfigVariable.values().length + 2);
        for (ConfigVariable variable : ConfigVariable.values()) {
            assertThat(table).contains(variable.markdownRow());
        }
    }

    @Test
    void shouldShowTheLibrarysDefaultsForTheOptionsItPassesThrough() {
        assertThat(ConfigVariable.MAX_PAYLOAD.defaultValue())
                .isEqualTo(String.valueOf(EngineOptions.DEFAULT_MAX_PAYLOAD));
        assertThat(ConfigVariable.MAX_BUFFERED_BYTES.defaultValue())
                .isEqualTo(String.valueOf(EngineOptions.DEFAULT_MAX_BUFFERED_BYTES));
        assertThat(ConfigVariable.WORKER_THREADS.defaultValue())
                .isEqualTo(String.valueOf(NettyTuning.DEFAULT_WORKER_THREADS));
        assertThat(ConfigVariable.NATIVE_TRANSPORT.defaultValue())
                .isEqualTo(String.valueOf(NettyTuning.DEFAULT_NATIVE_TRANSPORT));
        assertThat(ConfigVariable.NETTY_TRANSPORT.defaultValue()).isEqualTo(NettyTuning.DEFAULT_TRANSPORT.text());
    }

    @Test
    void rootReadmeShouldListEveryVariable() throws IOException {
        // Surefire runs with the module directory as working directory; the README lives one level up.
        Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md").normalize();
        assertThat(readme).as("repository README (paste the table printed by ConfigVariable.main)").exists();

        String text = Files.readString(readme);

        for (ConfigVariable variable : ConfigVariable.values()) {
            assertThat(text).as("README row for %s", variable).contains(variable.markdownRow());
        }
    }
}
