package io.roomcast.node.limits;

import io.roomcast.socketio.Socket;
import io.roomcast.socketio.limits.RateLimit;
import io.roomcast.socketio.limits.TokenBucket;
import io.roomcast.socketio.limits.UserEventLimiter;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code RATE_LIMIT_USER_EVENTS} on a single node: a token bucket per user in memory, shared by the user's
 * connections on this node (which is all of them without a cluster).
 */
public final class LocalUserBudgets implements UserEventLimiter {

    private final Function<Socket, String> userOf;
    private final UserEntries<Budget> budgets;

    public LocalUserBudgets(RateLimit limit, Function<Socket, String> userOf, LongSupplier nanoClock) {
        Objects.requireNonNull(limit, "limit must not be null");
        this.userOf = Objects.requireNonNull(userOf, "userOf must not be null");
        this.budgets = new UserEntries<>(user -> new Budget(new TokenBucket(limit, nanoClock), nanoClock),
                nanoClock, limit.period().toNanos());
    }

    public LocalUserBudgets(RateLimit limit, Function<Socket, String> userOf) {
        this(limit, userOf, System::nanoTime);
    }

    @Override
    public boolean tryAcquire(Socket socket) {
        return tryAcquireFor(userOf.apply(socket));
    }

    /** One event of {@code user} (null: no user, let through). */
    boolean tryAcquireFor(String user) {
        return user == null || budgets.get(user).tryAcquire();
    }

    /** Users with a budget in memory now. */
    int users() {
        return budgets.size();
    }

    /** The user's connections live on several event loops: the bucket is taken under its lock. */
    private static final class Budget implements UserEntries.Entry {
        private final TokenBucket bucket;
        private final LongSupplier nanoClock;
        private volatile long lastUsed;

        Budget(TokenBucket bucket, LongSupplier nanoClock) {
            this.bucket = bucket;
            this.nanoClock = nanoClock;
            this.lastUsed = nanoClock.getAsLong();
        }

        synchronized boolean tryAcquire() {
            lastUsed = nanoClock.getAsLong();
            return bucket.tryAcquire();
        }

        @Override
        public long lastUsedNanos() {
            return lastUsed;
        }
    }
}
