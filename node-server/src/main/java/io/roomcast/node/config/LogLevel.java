package io.roomcast.node.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Root log level of the node ({@code LOG_LEVEL}). */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR;

    /**
     * Sets logback's root level. {@code logback.xml} already reads {@code LOG_LEVEL}; this applies the validated
     * value again so that a level given in another case (e.g. {@code debug}) or set in code takes effect.
     */
    public void applyToRootLogger() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(name()));
        }
    }
}
