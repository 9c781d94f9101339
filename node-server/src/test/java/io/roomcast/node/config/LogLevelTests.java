package io.roomcast.node.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogLevelTests {

    @Test
    void shouldSetTheRootLoggerLevel() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            LogLevel.WARN.applyToRootLogger();
            assertThat(LoggerFactory.getLogger("any.app.Logger").isInfoEnabled()).isFalse();

            LogLevel.TRACE.applyToRootLogger();
            assertThat(LoggerFactory.getLogger("any.app.Logger").isTraceEnabled()).isTrue();
        } finally {
            root.setLevel(before);
        }
    }
}
