package io.roomcast.socketio;

import java.util.List;

/**
 * Receives what another server of the namespace sent with {@code serverSideEmit} (Node's {@code io.on(event, ...)}
 * for server-side events). Runs on the cluster adapter's thread: do not block.
 */
@FunctionalInterface
public interface ServerSideEmitListener {

    /**
     * @param event the event name
     * @param args  the arguments (JSON values: binary arguments do not survive the trip, as in Node)
     * @param ack   answers the sending server: only the first argument of the first call is sent; {@link Ack#NONE}
     *              when the sender expects no answer
     */
    void onServerSideEmit(String event, List<Object> args, Ack ack);
}
