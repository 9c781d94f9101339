package io.roomcast.socketio;

import java.util.List;

/** Receives one client event, on the socket's event loop; must not block. */
@FunctionalInterface
public interface EventListener {

    /**
     * @param args decoded arguments after the event name
     * @param ack  acknowledgement callback, null when the client did not ask for one
     */
    void onEvent(Socket socket, List<Object> args, Ack ack);
}
