package io.roomcast.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles one client event (Node's {@code socket.on(event, ...)}). The payload parameters take the event's
 * arguments in order, mapped with the application's Jackson mapper; one that does not map, or that fails bean
 * validation ({@code @Valid}, when {@code jakarta.validation} is there), never reaches the method: a client that asked
 * for an ack gets {@code {error: {code: "invalid_payload", message}}}. A non-void return value is the ack (a
 * {@link java.util.concurrent.CompletionStage} is sent when it completes); an exception answers
 * {@code {error: {code: "internal_error"}}}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnEvent {

    /** The event name, e.g. {@code "move"}. */
    String value();
}
