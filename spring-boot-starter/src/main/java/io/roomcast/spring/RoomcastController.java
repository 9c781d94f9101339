package io.roomcast.spring;

import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean whose {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods handle the sockets of one
 * namespace ({@code /} by default), as {@code @RestController} methods handle requests:
 *
 * <pre>{@code
 * @RoomcastController
 * class Cursors {
 *     @OnEvent("move")
 *     Moved move(Socket socket, @Valid Move move) {       // the first argument, mapped with the app's Jackson mapper
 *         socket.to(move.board()).emit("cursor", move);
 *         return new Moved(true);                         // the ack, when the client asked for one
 *     }
 * }
 * }</pre>
 *
 * <p>Handler parameters are resolved by type: {@link io.roomcast.socketio.Socket}, {@link io.roomcast.socketio.Ack}
 * (to answer later or from another thread), {@link io.roomcast.socketio.RoomcastServer}, the
 * {@link java.security.Principal} the handshake authenticated (see {@link SocketPrincipals}) or its subtype, and on
 * {@link OnDisconnect} the {@link io.roomcast.engine.DisconnectReason}; every other parameter takes the next event
 * argument, mapped to its (generic) type. Handlers run on the socket's event loop: never block in them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface RoomcastController {

    /** The namespace whose sockets this controller handles ({@code /}); a missing slash is added. */
    String namespace() default "/";
}
