package io.roomcast.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called for each socket that connects to the controller's namespace (Node's {@code io.on("connection")}), after the
 * middlewares accepted it; the controller's {@link OnEvent} listeners are on the socket already.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {
}
