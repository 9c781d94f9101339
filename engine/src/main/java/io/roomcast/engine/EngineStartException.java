package io.roomcast.engine;

/** The server could not bind its address (port taken, bad host). */
public final class EngineStartException extends RuntimeException {

    public EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
