package io.roomcast.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.socketio.Handshake;
import io.roomcast.socketio.RemoteSocket;
import io.roomcast.socketio.Socket;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sockets as the UI reads them: Node's {@code serialize()} and {@code serializeData()} ({@code lib/index.ts}), for
 * a socket of this node and for one of another node, Java or Node.js, whose {@code data._admin} came through
 * {@code fetchSockets}.
 */
final class SerializedSockets {

    /** The admin fields Node keeps in {@code socket.data}. */
    static final String ADMIN_FIELD = "_admin";
    /** Node shows the first 12 characters of the Engine.IO id only: the rest is a secret. */
    private static final int CLIENT_ID_LENGTH = 12;
    /** {@code Date.toJSON()}: what a {@code new Date()} argument becomes on the wire. */
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    SerializedSockets(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String now() {
        return JS_DATE.format(Instant.now());
    }

    /** What instrument() puts in {@code socket.data._admin}; read when encoded, so the transport is current. */
    static final class AdminInfo {
        private final Socket socket;

        AdminInfo(Socket socket) {
            this.socket = socket;
        }

        public String getClientId() {
            return clientId(socket);
        }

        public String getTransport() {
            return socket.transport();
        }
    }

    static String clientId(Socket socket) {
        String id = socket.connectionId();
        return id.length() <= CLIENT_ID_LENGTH ? id : id.substring(0, CLIENT_ID_LENGTH);
    }

    Map<String, Object> serialize(RemoteSocket socket, String nsp) {
        String clientId;
        String transport;
        Object data;
        if (socket instanceof Socket local) {
            clientId = clientId(local);
            transport = local.transport();
            data = withoutAdmin(json(local.data()));
        } else {
            Object remote = json(socket.data());
            Map<?, ?> admin = remote instanceof Map<?, ?> map && map.get(ADMIN_FIELD) instanceof Map<?, ?> a ? a : Map.of();
            clientId = admin.get("clientId") instanceof String s ? s : null;
            transport = admin.get("transport") instanceof String s ? s : null;
            data = withoutAdmin(remote);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", socket.id());
        out.put("clientId", clientId);
        out.put("transport", transport);
        out.put("nsp", nsp);
        out.put("data", data);
        out.put("handshake", handshake(socket.handshake()));
        out.put("rooms", new ArrayList<>(socket.rooms()));
        return out;
    }

    private Object json(Object data) {
        return data == null ? Map.of() : mapper.convertValue(data, Object.class);
    }

    /** Node's {@code const {_admin, ...obj} = data}. */
    private static Object withoutAdmin(Object data) {
        if (data instanceof Map<?, ?> map && map.containsKey(ADMIN_FIELD)) {
            Map<Object, Object> copy = new LinkedHashMap<>(map);
            copy.remove(ADMIN_FIELD);
            return copy;
        }
        return data;
    }

    /** Node's handshake fields, auth left out; headers and query values as Node has them (one string each). */
    static Map<String, Object> handshake(Handshake handshake) {
        Map<String, Object> headers = new LinkedHashMap<>();
        handshake.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        Map<String, Object> query = new LinkedHashMap<>();
        handshake.query().forEach((name, values) -> query.put(name, values.size() == 1 ? values.get(0) : values));
        Object address = firstOf(headers.get("cf-connecting-ip"), headers.get("x-forwarded-for"), handshake.address());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", address);
        out.put("headers", headers);
        out.put("query", query);
        out.put("issued", handshake.issued());
        out.put("secure", handshake.secure());
        out.put("time", handshake.time());
        out.put("url", handshake.url());
        out.put("xdomain", headers.containsKey("origin"));
        return out;
    }

    private static Object firstOf(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }
}
