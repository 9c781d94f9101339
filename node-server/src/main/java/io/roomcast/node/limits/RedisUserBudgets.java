package io.roomcast.node.limits;

import io.roomcast.cluster.ClusterException;
import io.roomcast.node.config.NodeConfig;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.limits.RateLimit;
import io.roomcast.socketio.limits.UserEventLimiter;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code RATE_LIMIT_USER_EVENTS} across the cluster: one Redisson {@link RRateLimiter} per user (at most N permits
 * within any period, {@link RateType#OVERALL}: all nodes share it), and on each node a lease of permits taken from
 * it in batches, so that the event loop never waits for Redis.
 *
 * <p>Per user and node: an event takes a leased permit; once half a batch is left the next batch is asked for in
 * the background (one request in flight at most), and while none is left up to one batch of events may go on credit
 * (repaid from the next grant: this is what lets a user's first events through before Redis has answered). When
 * Redis says the user is over its budget, events are refused once the credit is spent, until a batch is granted;
 * the next request waits for the time the budget needs to earn it back, so a flooding user costs Redis about one
 * call per batch. A lease expires after one period (permits cannot be hoarded), so a user exceeds the budget by at
 * most two batches per node (one leased, one on credit). Batches are about N/10 permits: for {@code 20/1s}, 2, i.e.
 * at most about 10 Redis calls a second per user per node at full rate, none for users who are quiet.
 *
 * <p>Redis unreachable: the limiter fails open (grants the batch locally and logs), as a per-user limit must not take
 * the chat down; the per-connection bucket still applies. Keys: {@code <prefix><user>} plus Redisson's
 * {@code {...}:value} / {@code :permits}, expiring after {@code max(2 periods, 1 min)} without use.
 */
public final class RedisUserBudgets implements UserEventLimiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisUserBudgets.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Duration MIN_KEEP_ALIVE = Duration.ofMinutes(1);

    private final RedissonClient redisson;
    private final RateLimit limit;
    private final String keyPrefix;
    private final Function<Socket, String> userOf;
    private final LongSupplier nanoClock;
    private final int batch;
    private final Duration keepAlive;
    private final UserEntries<Lease> leases;
    private final LongAdder redisCalls = new LongAdder();
    private final LongAdder redisErrors = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger inFlightAsks = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);

    RedisUserBudgets(RedissonClient redisson, RateLimit limit, String keyPrefix, Function<Socket, String> userOf,
                     LongSupplier nanoClock) {
        this.redisson = Objects.requireNonNull(redisson, "redisson must not be null");
        this.limit = Objects.requireNonNull(limit, "limit must not be null");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
        this.userOf = Objects.requireNonNull(userOf, "userOf must not be null");
        this.nanoClock = nanoClock;
        this.batch = batchSize(limit);
        Duration twoPeriods = limit.period().multipliedBy(2);
        this.keepAlive = twoPeriods.compareTo(MIN_KEEP_ALIVE) < 0 ? MIN_KEEP_ALIVE : twoPeriods;
        this.leases = new UserEntries<>(Lease::new, nanoClock, limit.period().toNanos());
    }

    /**
     * Connects Redisson to the Redis of {@code REDIS_URL} / {@code REDIS_MODE}; the user budgets' keys start with
     * {@code <ADAPTER_KEY>:rate-limit:}.
     *
     * @throws ClusterException when Redis cannot be reached
     */
    public static RedisUserBudgets connect(NodeConfig.Cluster cluster, RateLimit limit,
                                           Function<Socket, String> userOf) {
        RedissonClient client;
        try {
            client = Redisson.create(RedissonConfigs.forCluster(cluster));
        } catch (RuntimeException e) {
            throw new ClusterException("RATE_LIMIT_USER_EVENTS: Redisson cannot connect to " + cluster.redisMode()
                    .configName() + " Redis: " + e.getMessage(), e);
        }
        return new RedisUserBudgets(client, limit, cluster.adapterKey() + ":rate-limit:", userOf, System::nanoTime);
    }

    /** About a tenth of the rate, at least 1: few Redis calls, little overshoot per node. */
    static int batchSize(RateLimit limit) {
        return Math.max(1, (int) Math.ceil(limit.events() / 10.0));
    }

    @Override
    public boolean tryAcquire(Socket socket) {
        return tryAcquireFor(userOf.apply(socket));
    }

    /** One event of {@code user} (null: no user, let through). */
    boolean tryAcquireFor(String user) {
        return user == null || leases.get(user).tryTake();
    }

    /** Redis calls made so far (each one a batch, or a refused ask). */
    public long redisCalls() {
        return redisCalls.sum();
    }

    /** Asks sent to Redis and not answered yet (tests wait for 0 to make a sequence deterministic). */
    public int asksInFlight() {
        return inFlightAsks.get();
    }

    /** Redis calls that failed (the budget then failed open). */
    public long redisErrors() {
        return redisErrors.sum();
    }

    int batch() {
        return batch;
    }

    @Override
    public void close() {
        redisson.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** One user's permits on this node. Taken from event loops, refilled from Redisson's threads: under its lock. */
    private final class Lease implements UserEntries.Entry {
        private final RRateLimiter limiter;
        private int permits;
        private int credit;
        private long expiresAt;
        private long retryAt;
        private boolean inFlight;
        private boolean configured;
        private volatile long lastUsed;

        Lease(String user) {
            this.limiter = redisson.getRateLimiter(keyPrefix + user);
            this.lastUsed = nanoClock.getAsLong();
            this.retryAt = lastUsed;
        }

        @Override
        public long lastUsedNanos() {
            return lastUsed;
        }

        synchronized boolean tryTake() {
            long now = nanoClock.getAsLong();
            lastUsed = now;
            if (permits > 0 && now - expiresAt >= 0) {
                permits = 0; // a lease lasts one period: no hoarding across periods
            }
            boolean granted;
            if (permits > 0) {
                permits--;
                granted = true;
            } else if (credit < batch) {
                credit++; // while a batch is on its way (the first one above all), repaid from it
                granted = true;
            } else {
                granted = false;
            }
            if (!inFlight && permits <= batch / 2 && now - retryAt >= 0) {
                ask(batch + credit); // before the lease runs out, so a steady user never waits for Redis
            }
            return granted;
        }

        /** Asks Redis for {@code wanted} permits (at most the rate: RRateLimiter refuses more). */
        private void ask(int wanted) {
            int permitsAsked = Math.min(wanted, limit.events());
            inFlight = true;
            inFlightAsks.incrementAndGet();
            redisCalls.increment();
            CompletionStage<Boolean> asked = configured ? limiter.tryAcquireAsync(permitsAsked)
                    : limiter.trySetRateAsync(RateType.OVERALL, limit.events(), limit.period(), keepAlive)
                            .thenCompose(set -> limiter.tryAcquireAsync(permitsAsked));
            asked.whenComplete((granted, error) -> answered(permitsAsked, granted, error));
        }

        private synchronized void answered(int asked, Boolean granted, Throwable error) {
            inFlight = false;
            inFlightAsks.decrementAndGet();
            long now = nanoClock.getAsLong();
            if (error != null) {
                String message = String.valueOf(rootCause(error).getMessage());
                if (configured && message.contains("RateLimiter is not initialized")) {
                    configured = false; // its keys expired in Redis: set the rate again on the next ask
                    return;
                }
                redisErrors.increment();
                warn(error);
                grant(asked, now); // fail open
                retryAt = now + (long) (limit.nanosPerEvent() * asked);
                return;
            }
            configured = true;
            if (Boolean.TRUE.equals(granted)) {
                grant(asked, now);
            } else {
                // over budget: the next ask when the budget has had time to earn this much back
                retryAt = now + (long) (limit.nanosPerEvent() * asked);
            }
        }

        private void grant(int asked, long now) {
            int repaid = Math.min(credit, asked);
            credit -= repaid;
            permits += asked - repaid;
            expiresAt = now + limit.period().toNanos();
        }
    }

    private void warn(Throwable error) {
        long now = nanoClock.getAsLong();
        long last = lastWarning.get();
        if ((last == Long.MIN_VALUE || now - last > WARN_EVERY_NANOS) && lastWarning.compareAndSet(last, now)) {
            log.warn("RATE_LIMIT_USER_EVENTS: Redis call failed, letting events through meanwhile: {}",
                    rootCause(error).toString());
        }
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
