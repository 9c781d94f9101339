package io.roomcast.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called when a socket of the controller's namespace disconnects (Node's {@code socket.on("disconnect")}); may take
 * the {@link io.roomcast.engine.DisconnectReason}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {
}
