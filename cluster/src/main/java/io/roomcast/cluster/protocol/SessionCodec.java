package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.socketio.adapter.SavedSession;
import org.msgpack.jackson.dataformat.MessagePackFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A connection state recovery session as {@code @socket.io/redis-streams-adapter} stores it (protocol §6.8):
 * {@code base64(msgpack({sid, pid, rooms, data}))}, so sessions saved by Node nodes restore here and ours there.
 * {@code rooms} is an array, the socket's own id first (as Node's set iterates); {@code data} is the JSON form,
 * {@code {}} when unset.
 */
public final class SessionCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CodecLimits limits;
    private final ObjectMapper msgpack = new ObjectMapper(new MessagePackFactory());
    private final MessageReader fields;

    public SessionCodec() {
        this(CodecLimits.DEFAULT);
    }

    public SessionCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        this.fields = new MessageReader(limits);
    }

    /** The value of the session key. */
    public String encode(SavedSession session) {
        Objects.requireNonNull(session, "session must not be null");
        ObjectNode root = NODES.objectNode();
        root.put("sid", session.sid());
        root.put("pid", session.pid());
        ArrayNode rooms = root.putArray("rooms");
        orderedRooms(session).forEach(rooms::add);
        root.set("data", session.data() == null ? NODES.objectNode() : msgpack.valueToTree(session.data()));
        try {
            return Base64.getEncoder().encodeToString(msgpack.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode session: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a session key's value; anything unreadable is a {@link MalformedMessageException}. */
    public SavedSession decode(String value) {
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException("empty session");
        }
        if (value.length() > limits.maxMessageBytes()) {
            throw new MalformedMessageException("session of " + value.length() + " characters");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            if (bytes.length == 0) {
                throw new MalformedMessageException("empty session");
            }
            MsgpackGuard.check(bytes, limits);
            JsonNode root = msgpack.readTree(bytes);
            MessageReader.requireObject(root, "session");
            Set<String> rooms = new LinkedHashSet<>();
            JsonNode roomsNode = root.get("rooms");
            if (roomsNode != null && !roomsNode.isNull()) {
                fields.rooms(roomsNode, "rooms").forEach(room -> rooms.add(room.name()));
            }
            return new SavedSession(MessageReader.requiredText(root, "sid"), MessageReader.requiredText(root, "pid"),
                    rooms, fields.value(root.get("data")));
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("unreadable session: " + e.getMessage(), e);
        }
    }

    /** The socket's own room first, then the others by name: SavedSession keeps no order. */
    private static List<String> orderedRooms(SavedSession session) {
        List<String> ordered = new ArrayList<>();
        if (session.rooms().contains(session.sid())) {
            ordered.add(session.sid());
        }
        session.rooms().stream().filter(room -> !room.equals(session.sid())).sorted().forEach(ordered::add);
        return ordered;
    }
}
