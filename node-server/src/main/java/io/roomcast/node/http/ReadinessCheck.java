package io.roomcast.node.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One named condition of {@code GET /health/ready}: the node takes traffic only while every check is up.
 * Examples: {@code draining} (down once shutdown starts), {@code redis} (down while the cluster link is lost).
 * {@link #isUp()} is called on every probe, so it must be cheap and must not block.
 */
public interface ReadinessCheck {

    /** Key of this check in the {@code checks} object of the response. */
    String name();

    boolean isUp();

    static ReadinessCheck of(String name, BooleanSupplier up) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(up, "up");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isUp() {
                return up.getAsBoolean();
            }
        };
    }
}
