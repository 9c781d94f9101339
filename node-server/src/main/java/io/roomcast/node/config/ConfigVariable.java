package io.roomcast.node.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every environment variable the node reads, with its default and meaning: the one source of truth for both
 * {@link EnvConfigLoader} and the README table ({@link #markdownTable()}), so the two cannot drift.
 */
public enum ConfigVariable {
    PORT("3000", "Client port: Socket.IO (`/socket.io/`) and the demo page (`/`)"),
    HOST("0.0.0.0", "Bind address of the client port"),
    MANAGEMENT_PORT("9091", "Port of `/health/live`, `/health/ready`, `/metrics` and, with `ADMIN_UI`, the Admin UI at `/admin/`; must differ from `PORT`"),
    NODE_ID("host name, else 8 random bytes as hex", "Name of this node in logs, metrics and the cluster"),
    REDIS_URL("unset: single node, in-memory adapter", "Where the Redis that joins the nodes into a cluster is, as `REDIS_MODE` reads it: `standalone`, one `redis://` or `rediss://` URL (`rediss://user:password@host:6379/0`); `sentinel`, one `redis-sentinel://[:password@]sentinel-1:26379,sentinel-2:26379[/db]#mymaster` URL (lettuce's syntax: the sentinels, then the master name); `cluster`, seed nodes separated by commas, each `redis://[[user]:password@]host[:port]`, `rediss://...` or `host[:port]` (port 6379; a bare `host:port` takes the scheme and credentials of the first seed, so lettuce's `redis://:password@h1:7000,h2:7001` works too); any one reachable seed suffices, the first seed's credentials and TLS apply to every node, database 0 only"),
    REDIS_MODE("`sentinel` for a `redis-sentinel://` `REDIS_URL`, else `standalone`", "Redis topology: `standalone` (one server), `sentinel` (lettuce asks the sentinels for the master and reconnects to the new one after a failover) or `cluster` (a Redis Cluster through lettuce's cluster client: the slot map is refreshed every 2 s, on MOVED/ASK and on reconnects). A URL that does not fit the mode is refused (a `redis-sentinel://` URL with `standalone`, several nodes without `cluster`); at start-up, `cluster` pointed at a server that is not a Redis Cluster exits 1 naming it (`... is a standalone Redis, not a Redis Cluster (cluster_enabled:0)`). `ADAPTER=redis-streams` does not run with `cluster`"),
    REDIS_TLS_CA_FILE("unset: the JVM's trust store", "PEM file of the CA certificates that may sign the certificate of a `rediss://` Redis (a private CA); needs `rediss://` in `REDIS_URL` (standalone or cluster mode)"),
    REDIS_TLS_CERT_FILE("unset: no client certificate", "PEM file of the client certificate (chain) presented to a `rediss://` Redis, which asks for one unless `tls-auth-clients no`; with `REDIS_TLS_KEY_FILE`"),
    REDIS_TLS_KEY_FILE("unset", "PEM file of the client certificate's unencrypted PKCS#8 private key; with `REDIS_TLS_CERT_FILE`"),
    ADAPTER("`redis` when `REDIS_URL` is set, else `memory`", "Socket.IO adapter: `redis` (pub/sub, Node's `@socket.io/redis-adapter`; cannot recover sessions), `redis-sharded` (sharded pub/sub, SPUBLISH/SSUBSCRIBE, Node's `createShardedAdapter`; needs Redis 7 or newer, checked at start-up; cannot recover sessions), `redis-streams` (Node's `@socket.io/redis-streams-adapter`; recovers sessions across nodes; not with `REDIS_MODE=cluster`) or `memory` (one node; `REDIS_URL` is then ignored); every adapter but `memory` needs `REDIS_URL`"),
    ADAPTER_KEY("socket.io", "Prefix of the Redis channels (as `key` of Node's `@socket.io/redis-adapter`)"),
    REDIS_MAX_PUBLISH_BYTES("8388608", "Largest message in bytes this node publishes to Redis (`maxPublishBytes`, every adapter): a larger broadcast, request or stream entry is refused before it is sent, still delivered to this node's own clients, logged at WARN and counted in `roomcast_cluster_messages_dropped_total{reason=\"too_large\"}`; keep it well under Redis's `client-output-buffer-limit pubsub` (32 MB hard by default), past which Redis closes the subscription of every node the message went to"),
    READINESS_REQUIRES_REDIS("false", "`true` makes `/health/ready` answer 503 while Redis is down or stalled (no PING answer within 2 s). By default a Redis outage only shows: `\"redis\":\"DOWN\"` in the readiness JSON, `roomcast_cluster_redis_up` 0; the node stays ready, since Redis fails for every node at once and a load balancer would take the whole fleet out although each node still serves its own clients"),
    SUBSCRIPTION_MODE("`dynamic` with `ADAPTER=redis-sharded`, else `static`", "Which channels a node subscribes to (Node's `subscriptionMode` of the sharded adapter): `static` (the namespace channel only: every broadcast reaches every node), `dynamic` (also one channel per room with a local member, so a room broadcast reaches only the nodes hosting the room) or `dynamic-private` (as `dynamic`, socket id rooms included); `ADAPTER=redis-sharded` runs all three; `ADAPTER=redis` runs `static` and the opt-in `dynamic-private` (a 1:1 room reaches 2 nodes, not all; Node nodes in their default mode share the cluster); `redis-streams` runs `static` only"),
    REQUESTS_TIMEOUT("5s", "How long a cross-node request (fetchSockets, emitWithAck, serverSideEmit with ack, allRooms) waits for every node (`requestsTimeout`)"),
    STREAM_MAXLEN("10000", "With `ADAPTER=redis-streams`: entries the Redis stream keeps (`XADD MAXLEN ~`, `maxLen` of Node's streams adapter); a client that missed more than that cannot recover (`result=\"trimmed\"`)"),
    RECOVERY_MAX_DISCONNECTION("unset: recovery off", "Connection state recovery (`maxDisconnectionDuration`): how long a disconnected client's id, rooms, data and missed events are kept for it to reconnect; needs `ADAPTER=redis-streams` across nodes (or `memory` on one node), refused with `ADAPTER=redis` and `redis-sharded` (as Node's pub/sub adapters cannot recover sessions)"),
    RECOVERY_SKIP_MIDDLEWARES("true", "`true` lets a recovered client skip the namespace middlewares (JWT check included), as Node's `skipMiddlewares`: its private id is then a bearer secret for `RECOVERY_MAX_DISCONNECTION`; `false` runs them again"),
    JWT_SECRET("unset: no authentication", "HS256 secret (at least 32 bytes); when set, clients must send `auth.token`, a JWT whose `sub` names the user"),
    AUTH_REQUIRED("false", "`true` refuses to start without `JWT_SECRET` (guards against an accidentally open node)"),
    MAX_PAYLOAD("1000000", "Largest Engine.IO message or HTTP body in bytes (`maxHttpBufferSize`), advertised to clients"),
    MAX_BUFFERED_BYTES("8388608", "How many bytes may wait for one slow client before its session is closed with reason `write buffer full` (counted in `roomcast_disconnects_total{reason=\"write_buffer_full\"}`); at least `MAX_PAYLOAD` (when unset and `MAX_PAYLOAD` is larger, `MAX_PAYLOAD`)"),
    MAX_MESSAGE_LENGTH("2000", "Longest chat message text in characters"),
    PRESENCE("`redis` with a Redis adapter (`adapter` with `REDIS_MODE=cluster`), else `local`", "Where the chat's room sizes and member lists (`join`/`leave`/`members` acks, `presence` events) come from: `redis` (a presence store in Redis: a hash per room, keys `<ADAPTER_KEY>:presence:*`; one HSET and one HGETALL per join; a dead node's members vanish within `PRESENCE_TTL`; not with `REDIS_MODE=cluster`), `adapter` (the adapter's `fetchSockets` on every query: counts Node.js nodes too, one cross-node request per join, waiting for every node) or `local` (this node's members only: exact on one node)"),
    PRESENCE_TTL("15s", "With `PRESENCE=redis`: how long a node's entries outlive its last heartbeat (sent every third of it), i.e. within how long the members of a node that died without cleaning up (SIGKILL, lost machine) vanish from every list; at least 300ms"),
    RATE_LIMIT_EVENTS("unset: no limit", "Token bucket on the events one connection sends: `N/period` (`20/1s`; period `250ms`, `1s`, `1m`, `1h` or ISO-8601), optionally with a burst (`20/1s,burst=40`; default burst = N). An event over it reaches no listener: with an ack the client gets `{error: {code: \"rate_limited\"}}`, without one it is dropped; both count in `roomcast_events_rate_limited_total{scope=\"connection\"}`. Shared by the namespaces of one connection"),
    RATE_LIMIT_USER_EVENTS("unset: no limit", "Budget of events one user (the JWT `sub`; without `JWT_SECRET`, the name the client gives as `auth.user`, else its socket id) shares over all its connections: `N/period` (`60/10s`, no burst: at most N within any period). With `REDIS_URL` and a Redis adapter, one budget across the cluster (a Redisson `RRateLimiter` per user, keys `<ADAPTER_KEY>:rate-limit:<user>`, on the `REDIS_MODE` topology); each node takes permits from it in batches of about N/10 (ahead of need, and up to one batch on credit while one is on its way, so the event loop never waits for Redis), so a user may exceed it by about two batches per node. On one node, a token bucket per user in memory. Refused events as for `RATE_LIMIT_EVENTS`, counted with `scope=\"user\"`"),
    RATE_LIMIT_DISCONNECT_AFTER("100/10s", "With `RATE_LIMIT_EVENTS` or `RATE_LIMIT_USER_EVENTS`: a connection whose events are refused more than N times within the period is closed (each namespace gets a DISCONNECT, so socket.io-client does not reconnect by itself; `roomcast_disconnects_total{reason=\"rate_limited\"}`); `off` never closes"),
    MAX_CONNECTIONS_PER_IP("0", "Open Engine.IO sessions one remote IP address may have (`0`: no limit); the next handshake gets HTTP 429 `{\"code\":4,\"message\":\"Too many connections from this address\"}`, counted in `roomcast_handshakes_total{result=\"too_many_connections\"}`. The address is the TCP peer's: behind a load balancer or proxy (which the node does not take `X-Forwarded-For` from) it is the proxy's, so set it there or leave this at 0"),
    PING_INTERVAL("25s", "Engine.IO heartbeat interval (`pingInterval`)"),
    PING_TIMEOUT("20s", "How long a pong may take before the session is closed (`pingTimeout`)"),
    CONNECT_TIMEOUT("45s", "How long a client may take to connect to a namespace after the handshake (`connectTimeout`)"),
    HTTP_REQUEST_TIMEOUT("10s", "How long a client may take to send a whole HTTP request (headers and body) on the client port, counted from when the connection opened or its last response went out: a request not in by then gets `408 Request Timeout` and is closed (counted in `roomcast_http_request_timeouts_total`), a kept-alive connection that sent nothing is closed. One bound for Node's `headersTimeout`/`requestTimeout`, against slow senders holding connections; held long polls and WebSockets are not cut"),
    TRANSPORTS("polling,websocket", "Transports offered, comma-separated: `polling`, `websocket`"),
    CORS_ORIGINS("unset: no CORS headers, `OPTIONS` gets 400 (Node's default)", "Origins allowed to use the Socket.IO path from a browser, comma-separated (`https://app.example,https://admin.example:8443`), or `*` for any: CORS headers and 204 preflights as Node's `cors` option; with a list, a request from another `Origin` gets 403, a WebSocket before its 101 (no `Origin`, as from non-browser clients, is allowed)"),
    CORS_CREDENTIALS("false", "`true` sends `Access-Control-Allow-Credentials: true` (cookies, `withCredentials` clients); needs `CORS_ORIGINS` as a list, not `*`"),
    METRICS_EVENTS("join,leave,message,echo,welcome", "Event names counted under their own `event` tag in `/metrics`, comma-separated; any other event counts as `other`"),
    WORKER_THREADS("0", "Event-loop threads serving the client port's sessions; `0` lets Netty choose (2 × the CPUs the JVM sees)"),
    NATIVE_TRANSPORT("true", "`true` uses Linux epoll where its native library loads (NIO elsewhere); `false` always uses NIO"),
    NETTY_TRANSPORT("auto", "Event-loop I/O: `auto` (epoll where it loads, else NIO), `io_uring` (Linux io_uring where the kernel allows it, else as `auto`), `epoll` or `nio`; `NATIVE_TRANSPORT=false` makes it `nio`. The transport in use is logged at start"),
    SHUTDOWN_GRACE("30s", "Time budget on SIGTERM for sessions to leave before the servers close"),
    DRAIN_SPREAD("5s", "Window over which a drain spreads its session closes, so that clients do not all reconnect at the same moment; at most `SHUTDOWN_GRACE` (when unset and `SHUTDOWN_GRACE` is shorter, `SHUTDOWN_GRACE`). The transports close without a Socket.IO DISCONNECT, so clients reconnect (and, with recovery, recover) on the other nodes"),
    ADMIN_UI("false", "`true` serves the Socket.IO Admin UI (`@socket.io/admin-ui` 0.5.1): its protocol on the namespace `ADMIN_NAMESPACE` of the client port (what Node's `instrument()` adds; `server_stats` under `NODE_ID`), and the UI itself at `/admin/` on the management port; refused without `ADMIN_USERNAME` and `ADMIN_PASSWORD_HASH` unless `ADMIN_AUTH=none`. With a Redis adapter, login sessions are shared through Redis (Node's `RedisStore` keys `socket.io-admin#<session>`, one day), so any node accepts a reconnect. See the README's \"Admin UI\""),
    ADMIN_AUTH("basic", "`basic` (the UI's username and password, Node's `auth: {type: \"basic\"}`) or `none` (Node's `auth: false`: anybody reaching the admin namespace may use it)"),
    ADMIN_USERNAME("unset", "With `ADMIN_AUTH=basic`: the Admin UI's username"),
    ADMIN_PASSWORD_HASH("unset", "With `ADMIN_AUTH=basic`: bcrypt hash of the Admin UI's password (`$2a$`, `$2b$` or `$2y$`; e.g. `htpasswd -nbBC 10 admin PASSWORD`, or bcryptjs's `hashSync`); never the password itself"),
    ADMIN_MODE("development", "Node's `mode`: `development` sends every socket, room and event to the UI as it happens (one Redis message per event in a cluster); `production` sends the statistics only"),
    ADMIN_READONLY("false", "Node's `readonly`: `true` gives the UI no command (no emit, join, leave, disconnect)"),
    ADMIN_NAMESPACE("/admin", "Node's `namespaceName`: the namespace the UI connects to"),
    LOG_LEVEL("INFO", "Root log level: `TRACE`, `DEBUG`, `INFO`, `WARN` or `ERROR`");

    private final String defaultValue;
    private final String meaning;

    ConfigVariable(String defaultValue, String meaning) {
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** Default as a user reads it; for computed or optional values a short description. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** A Markdown table (Variable, Default, Meaning) of every variable, in declaration order. */
    public static String markdownTable() {
        String header = "| Variable | Default | Meaning |\n|---|---|---|\n";
        return header + Arrays.stream(values())
                .map(ConfigVariable::markdownRow)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** This variable's row of {@link #markdownTable()}. */
    public String markdownRow() {
        return "| `" + name() + "` | " + defaultValue + " | " + meaning + " |";
    }

    /** Prints {@link #markdownTable()}, for pasting into the README. */
    public static void main(String[] args) {
        System.out.print(markdownTable());
    }
}
