package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.roomcast.socketio.protocol.PacketEncoder;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Encodes and decodes the messages of {@code @socket.io/redis-adapter} 8.3 in its classic mode (protocol §2, and
 * the {@code @socket.io/redis-emitter} 5.x messages of §5.1), byte-compatible with Node's notepack.io and
 * {@code JSON.stringify}.
 *
 * <p><b>Formats.</b> Broadcasts, {@link Request.BroadcastWithAck} requests and {@link Response.BroadcastAck}
 * responses are MessagePack; every other request and response is JSON. When decoding, a payload whose first byte is
 * {@code 0x7b} ({@code '{'}) is read as JSON and anything else as MessagePack, as Node's {@code onrequest} and
 * {@code onresponse} do (lib/index.ts:257 and 498), so either format is accepted everywhere.
 *
 * <p><b>Values.</b> Packet data, ack arguments and {@code socket.data} come out as plain Java values (see
 * {@link WireValues}): binary values are {@code byte[]}, rooms are {@link Room}s, which keep numeric rooms apart
 * from string rooms. Packets are {@link io.roomcast.socketio.protocol.Packet}s of type EVENT and are always written
 * with {@code type: 2}, binary left inside {@code data}.
 *
 * <p><b>Errors.</b> Every decoding failure, whatever its cause (bad MessagePack or JSON, a field of the wrong type,
 * a value beyond {@link CodecLimits}), is a {@link MalformedMessageException}; nothing else is thrown for bad
 * input. Well-formed messages that are not for us (an unknown request type, a response to a request we did not send)
 * decode to {@link Optional#empty()}.
 *
 * <p>Thread-safe; build one per node and share it.
 */
public final class MessageCodec {

    private final WireFormats formats;
    private final MessageReader reader;
    private final MessageWriter writer;
    private final PacketEncoder packets = new PacketEncoder();

    public MessageCodec() {
        this(CodecLimits.DEFAULT);
    }

    public MessageCodec(CodecLimits limits) {
        this.formats = new WireFormats(limits);
        this.reader = new MessageReader(limits);
        this.writer = new MessageWriter(formats.msgpack());
    }

    public CodecLimits limits() {
        return formats.limits();
    }

    /** MessagePack {@code [uid, packet, opts]} for {@code key#nsp#} or {@code key#nsp#room#}. */
    public byte[] encodeBroadcast(BroadcastMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        return formats.msgpackBytes(writer.broadcast(message));
    }

    /**
     * The bytes every {@link #encodeBroadcast} of a message from {@code uid} starts with (the MessagePack array
     * header and the uid): a receiver tells its own echoes apart from other nodes' broadcasts by them.
     */
    public byte[] broadcastPrefix(String uid) {
        Objects.requireNonNull(uid, "uid must not be null");
        byte[] oneElement = formats.msgpackBytes(JsonNodeFactory.instance.arrayNode().add(uid)); // fixarray(1) + uid; a broadcast is fixarray(3) + uid + ...
        oneElement[0] = (byte) 0x93;
        return oneElement;
    }

    public BroadcastMessage decodeBroadcast(byte[] payload) {
        JsonNode root = formats.parse(payload);
        return WireFormats.guarded(() -> reader.broadcast(root));
    }

    /**
     * As {@link #decodeBroadcast}, with the packet encoded for Socket.IO clients straight from the decoded tree
     * (the frames {@link PacketEncoder} makes of {@link #decodeBroadcast}'s packet, same checks, same errors): what
     * a receiving node writes to its sockets, without a conversion to Java values and back.
     */
    public EncodedBroadcast decodeEncodedBroadcast(byte[] payload) {
        JsonNode root = formats.parse(payload);
        return WireFormats.guarded(() -> reader.encodedBroadcast(root, packets));
    }

    /** JSON, or MessagePack for {@link Request.BroadcastWithAck}, for {@code key-request#nsp#}. */
    public byte[] encodeRequest(Request request) {
        Objects.requireNonNull(request, "request must not be null");
        JsonNode tree = writer.request(request);
        return request instanceof Request.BroadcastWithAck ? formats.msgpackBytes(tree) : formats.jsonBytes(tree);
    }

    /** The request, or empty when its type is one this version does not act on (Node ignores those too). */
    public Optional<Request> decodeRequest(byte[] payload) {
        JsonNode root = formats.parse(payload);
        return WireFormats.guarded(() -> reader.request(root));
    }

    /** JSON, or MessagePack for {@link Response.BroadcastAck}, for {@code key-response#nsp#[uid#]}. */
    public byte[] encodeResponse(Response response) {
        Objects.requireNonNull(response, "response must not be null");
        JsonNode tree = writer.response(response);
        return response instanceof Response.BroadcastAck ? formats.msgpackBytes(tree) : formats.jsonBytes(tree);
    }

    /**
     * Decodes a response. Most responses do not say what they answer, so, like Node's {@code onresponse}
     * (lib/index.ts:493-600), the decoder looks the {@code requestId} up among the caller's pending requests.
     *
     * @param pendingRequests the type of the pending request with this id, or null when there is none
     * @return the response, or empty when it answers no pending request of ours
     */
    public Optional<Response> decodeResponse(byte[] payload, Function<String, RequestType> pendingRequests) {
        Objects.requireNonNull(pendingRequests, "pendingRequests must not be null");
        JsonNode root = formats.parse(payload);
        return WireFormats.guarded(() -> reader.response(root, pendingRequests));
    }
}
