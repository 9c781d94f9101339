package io.roomcast.cluster.protocol;

import io.roomcast.socketio.protocol.Packet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a decoded record says, written as the plain value Node would have decoded from the same bytes, field by
 * field from the record accessors (independent of {@link MessageWriter}), so tests can compare it with Node's view.
 */
final class WireView {

    private WireView() {
    }

    static Object of(BroadcastMessage message) {
        return Plain.of(List.of(message.uid(), packet(message.packet()), options(message.opts(), true)));
    }

    static Object of(Request request) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (request.uid() != null) {
            out.put("uid", request.uid());
        }
        if (request.requestId() != null) {
            out.put("requestId", request.requestId());
        }
        out.put("type", request.type().code());
        if (request instanceof Request.Sockets r) {
            out.put("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteJoin r) {
            out.put("opts", options(r.opts(), false));
            out.put("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteLeave r) {
            out.put("opts", options(r.opts(), false));
            out.put("rooms", rooms(r.rooms()));
        } else if (request instanceof Request.RemoteDisconnect r) {
            out.put("opts", options(r.opts(), false));
            out.put("close", r.close());
        } else if (request instanceof Request.LegacySocketOperation r) {
            out.put("sid", r.sid());
            if (r.room() != null) {
                out.put("room", room(r.room()));
            } else {
                out.put("close", r.close());
            }
        } else if (request instanceof Request.FetchSockets r) {
            out.put("opts", options(r.opts(), false));
        } else if (request instanceof Request.ServerSideEmit r) {
            out.put("data", r.data());
        } else if (request instanceof Request.BroadcastWithAck r) {
            out.put("packet", packet(r.packet()));
            out.put("opts", options(r.opts(), true));
        }
        return Plain.of(out);
    }

    static Object of(Response response) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (response instanceof Response.ServerSideEmit r) {
            out.put("type", 6);
            out.put("data", r.data());
        } else if (response instanceof Response.BroadcastClientCount r) {
            out.put("type", 8);
            out.put("clientCount", r.clientCount());
        } else if (response instanceof Response.BroadcastAck r) {
            out.put("type", 9);
            out.put("packet", r.ackArgument());
        } else if (response instanceof Response.Sockets r) {
            out.put("sockets", r.sockets());
        } else if (response instanceof Response.AllRooms r) {
            out.put("rooms", rooms(r.rooms()));
        } else if (response instanceof Response.FetchSockets r) {
            List<Object> sockets = new ArrayList<>();
            for (SocketDetails socket : r.sockets()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("id", socket.id());
                details.put("handshake", socket.handshake());
                details.put("rooms", rooms(socket.rooms()));
                details.put("data", socket.data());
                sockets.add(details);
            }
            out.put("sockets", sockets);
        }
        out.put("requestId", response.requestId());
        return Plain.of(out);
    }

    private static Map<String, Object> packet(Packet packet) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", packet.type().code());
        out.put("data", packet.data());
        out.put("nsp", packet.nsp());
        return out;
    }

    private static Map<String, Object> options(WireOptions opts, boolean withFlags) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", rooms(opts.rooms()));
        out.put("except", rooms(opts.except()));
        if (withFlags) {
            Map<String, Object> flags = new LinkedHashMap<>();
            WireFlags f = opts.flags();
            putIfSet(flags, "volatile", f.volatile_());
            putIfSet(flags, "compress", f.compress());
            putIfSet(flags, "local", f.local());
            putIfSet(flags, "timeout", f.timeout());
            putIfSet(flags, "expectSingleResponse", f.expectSingleResponse());
            out.put("flags", flags);
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static List<Object> rooms(List<Room> rooms) {
        return rooms.stream().map(WireView::room).toList();
    }

    private static Object room(Room room) {
        return room.numeric() ? Double.parseDouble(room.name().replace("e+", "e")) : room.name();
    }
}
