package io.roomcast.node.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One named condition of {@code GET /health/ready}: the node takes traffic only while every {@link #required()}
 * check is up. Examples: {@code draining} (down once shutdown starts), {@code redis} (down while the cluster link is
 * lost or Redis is stalled; informational unless {@code READINESS_REQUIRES_REDIS=true}).
 * {@link #isUp()} is called on every probe, so it must be cheap and must not block.
 */
public interface ReadinessCheck {

    /** Key of this check in the {@code checks} object of the response. */
    String name();

    boolean isUp();

    /**
     * Whether a down check makes the node not ready (503). An informational check only shows in the {@code checks}
     * object: for a dependency that fails for every node at once, where taking them all out helps no client.
     */
    default boolean required() {
        return true;
    }

    /** A check that shows in {@code checks} but never makes the node not ready ({@link #required()} false). */
    static ReadinessCheck informational(String name, BooleanSupplier up) {
        ReadinessCheck check = of(name, up);
        return new ReadinessCheck() {
            @Override
            public String name() {
                return check.name();
            }

            @Override
            public boolean isUp() {
                return check.isUp();
            }

            @Override
            public boolean required() {
                return false;
            }
        };
    }

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
