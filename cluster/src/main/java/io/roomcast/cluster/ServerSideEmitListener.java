package io.roomcast.cluster;

import io.roomcast.socketio.Ack;

import java.util.List;

/**
 * Receives what another server sent with {@code serverSideEmit} (Node's {@code io.on(event, ...)} for server-side
 * events). Runs on a transport thread: do not block.
 */
@FunctionalInterface
public interface ServerSideEmitListener {

    /**
     * @param event the event name
     * @param args  the arguments (JSON values: binary arguments do not survive the trip, as in Node)
     * @param ack   answers the sending server: only the first argument of the first call is sent; null when the
     *              sender expects no answer
     */
    void onServerSideEmit(String event, List<Object> args, Ack ack);
}
