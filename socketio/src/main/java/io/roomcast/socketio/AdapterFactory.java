package io.roomcast.socketio;

/** Creates the {@link Adapter} of a namespace when the namespace is created (Node's {@code adapter} option). */
@FunctionalInterface
public interface AdapterFactory {

    Adapter create(Namespace nsp);
}
