package io.roomcast.engine.internal;

/** Engine.IO HTTP error codes and messages ({@code Server.errors} / {@code Server.errorMessages} in server.ts). */
public enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final int code;
    private final String message;

    EngineError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** server.ts {@code abortRequest}: 403 for FORBIDDEN, else 400. */
    public int httpStatus() {
        return this == FORBIDDEN ? 403 : 400;
    }

    /** The JSON body {@code {"code":n,"message":"..."}} (messages need no escaping). */
    public String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
