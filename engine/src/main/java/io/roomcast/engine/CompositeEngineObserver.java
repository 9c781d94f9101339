package io.roomcast.engine;

import java.util.List;

/** {@link EngineObserver#all}: forwards every call to each observer in order. */
final class CompositeEngineObserver implements EngineObserver {

    private final EngineObserver[] observers;

    CompositeEngineObserver(List<EngineObserver> observers) {
        this.observers = observers.toArray(EngineObserver[]::new);
    }

    @Override
    public void handshakeRejected(int code, String message) {
        for (EngineObserver o : observers) {
            o.handshakeRejected(code, message);
        }
    }

    @Override
    public void tooManyConnections() {
        for (EngineObserver o : observers) {
            o.tooManyConnections();
        }
    }

    @Override
    public void sessionOpened(String transport) {
        for (EngineObserver o : observers) {
            o.sessionOpened(transport);
        }
    }

    @Override
    public void sessionUpgraded(String from, String to) {
        for (EngineObserver o : observers) {
            o.sessionUpgraded(from, to);
        }
    }

    @Override
    public void sessionClosed(String transport, DisconnectReason reason) {
        for (EngineObserver o : observers) {
            o.sessionClosed(transport, reason);
        }
    }

    @Override
    public void bytesReceived(String transport, int bytes) {
        for (EngineObserver o : observers) {
            o.bytesReceived(transport, bytes);
        }
    }

    @Override
    public void bytesSent(String transport, int bytes) {
        for (EngineObserver o : observers) {
            o.bytesSent(transport, bytes);
        }
    }

    @Override
    public void httpRequestTimedOut() {
        for (EngineObserver o : observers) {
            o.httpRequestTimedOut();
        }
    }

    @Override
    public void pingRoundTrip(long nanos) {
        for (EngineObserver o : observers) {
            o.pingRoundTrip(nanos);
        }
    }
}
