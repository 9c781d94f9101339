package io.roomcast.loadtests.generator;

/** What the generator does with its connections. */
public enum Scenario {
    /** R rooms × S subscribers; P publishers send {@code message} at a target rate or as fast as deliveries allow. */
    FANOUT,
    /** Open N connections as fast as the server accepts them (bounded concurrency), then close them. */
    CONNECT,
    /** Open N connections and hold them, answering heartbeats, so that a server's memory per connection shows. */
    IDLE
}
