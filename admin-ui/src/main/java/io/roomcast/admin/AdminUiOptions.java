package io.roomcast.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of {@link AdminUi#instrument}, with the names and defaults of Node's {@code InstrumentOptions}
 * ({@code lib/index.ts}). Start from {@link #of(AdminAuth)}: like Node, there is no default authentication.
 *
 * @param namespaceName the admin namespace ({@code "/admin"})
 * @param auth          who may connect
 * @param readonly      when true, the UI gets no command ({@code false})
 * @param serverId      the id the UI lists this server under; empty: the host name (Node's default)
 * @param store         where login sessions live ({@link InMemoryAdminSessionStore})
 * @param mode          {@link AdminMode#DEVELOPMENT} (Node's default without {@code NODE_ENV})
 * @param engineStats   the Engine.IO figures of {@code server_stats}; empty: none
 * @param statsInterval how often {@code server_stats} goes out (2 s, fixed in Node)
 */
public record AdminUiOptions(String namespaceName, AdminAuth auth, boolean readonly, Optional<String> serverId,
                             AdminSessionStore store, AdminMode mode, Optional<AdminEngineStats> engineStats,
                             Duration statsInterval) {

    public static final String DEFAULT_NAMESPACE_NAME = "/admin";
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);

    public AdminUiOptions {
        Objects.requireNonNull(namespaceName, "namespaceName must not be null");
        if (!namespaceName.startsWith("/")) {
            throw new IllegalArgumentException("namespaceName must start with '/': " + namespaceName);
        }
        Objects.requireNonNull(auth, "the auth option must be specified or explicitly set to AdminAuth.none()");
        Objects.requireNonNull(serverId, "serverId must not be null");
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(engineStats, "engineStats must not be null");
        Objects.requireNonNull(statsInterval, "statsInterval must not be null");
        if (statsInterval.isNegative() || statsInterval.isZero()) {
            throw new IllegalArgumentException("statsInterval must be > 0");
        }
    }

    /** Node's defaults with this authentication. */
    public static AdminUiOptions of(AdminAuth auth) {
        return new AdminUiOptions(DEFAULT_NAMESPACE_NAME, auth, false, Optional.empty(),
                new InMemoryAdminSessionStore(), AdminMode.DEVELOPMENT, Optional.empty(), DEFAULT_STATS_INTERVAL);
    }

    public AdminUiOptions withNamespaceName(String namespaceName) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }

    public AdminUiOptions withAuth(AdminAuth auth) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }

    public AdminUiOptions withReadonly(boolean readonly) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }

    public AdminUiOptions withServerId(String serverId) {
        return new AdminUiOptions(namespaceName, auth, readonly, Optional.of(serverId), store, mode, engineStats,
                statsInterval);
    }

    public AdminUiOptions withStore(AdminSessionStore store) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }

    public AdminUiOptions withMode(AdminMode mode) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }

    public AdminUiOptions withEngineStats(AdminEngineStats engineStats) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, Optional.of(engineStats),
                statsInterval);
    }

    public AdminUiOptions withStatsInterval(Duration statsInterval) {
        return new AdminUiOptions(namespaceName, auth, readonly, serverId, store, mode, engineStats, statsInterval);
    }
}
