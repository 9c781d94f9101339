package io.roomcast.cluster.testing;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Redis for integration tests, as a JUnit 5 extension: {@code @RegisterExtension static RedisFixture redis =
 * RedisFixture.any();}. It uses, in this order:
 * <ol>
 *   <li>the server at {@code REDIS_URL} when that variable is set (not with {@link #restartable()}),</li>
 *   <li>a Testcontainers {@code redis:7.0} container when a Docker engine is reachable,</li>
 *   <li>a {@code redis-server} binary from the PATH, started on a free port with {@code --save "" --appendonly no},
 *   </li>
 * </ol>
 * and fails when none is there: a missing Redis is a broken test machine, not a reason to skip. Managed servers
 * can be {@link #kill() killed} and {@link #restart() restarted} on the same port. Each test gets a unique
 * {@link #keyPrefix()} so tests cannot see each other's channels.
 */
public final class RedisFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String INSTALL_HINT = "install redis-server (apt-get install redis-server) or set REDIS_URL";

    private static final Logger log = LoggerFactory.getLogger(RedisFixture.class);
    private static final String IMAGE = "redis:7.0";
    private static final int REDIS_PORT = 6379;

    private final boolean restartable;
    private Server server;
    private String keyPrefix;

    private RedisFixture(boolean restartable) {
        this.restartable = restartable;
    }

    /** Any Redis, {@code REDIS_URL} first. */
    public static RedisFixture any() {
        return new RedisFixture(false);
    }

    /** A Redis this fixture starts itself, so a test can kill and restart it. */
    public static RedisFixture restartable() {
        return new RedisFixture(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = startServer();
        log.info("Redis for {}: {}", context.getDisplayName(), server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        keyPrefix = TestKeyPrefix.of(context);
    }

    public RedisURI uri() {
        return server().uri();
    }

    /** A channel key unique to the running test, to use in place of the default {@code socket.io}. */
    public String keyPrefix() {
        if (keyPrefix == null) {
            throw new IllegalStateException("keyPrefix() is only available inside a test method");
        }
        return keyPrefix;
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() {
        server().kill();
    }

    /** Starts a killed server again on the same port and waits until it answers PING. */
    public void restart() {
        server().restart();
    }

    /**
     * Freezes the server (SIGSTOP; a paused container): its connections stay open and nothing is answered, as with
     * a Redis stuck in a long fork, swapping, or a paused VM. Undo with {@link #thaw()}.
     */
    public void freeze() {
        server().freeze();
    }

    /** Lets a {@link #freeze() frozen} server run again (SIGCONT): it then answers what it had read meanwhile. */
    public void thaw() {
        server().thaw();
    }

    private Server server() {
        if (server == null) {
            throw new IllegalStateException("RedisFixture is not started: register it with @RegisterExtension "
                    + "on a static field");
        }
        return server;
    }

    private Server startServer() {
        return startServer(System.getenv("REDIS_URL"), restartable, RedisFixture::dockerAvailable,
                findOnPath("redis-server"));
    }

    /** Picks the Redis: REDIS_URL, then Docker, then the binary; fails with what to install when none is there. */
    static Server startServer(String url, boolean restartable, java.util.function.BooleanSupplier docker,
                              Path binary) {
        if (url != null && !url.isBlank() && !restartable) {
            return new ExternalServer(RedisURI.create(url));
        }
        RuntimeException containerFailure = null;
        if (docker.getAsBoolean()) {
            try {
                return ContainerServer.start(freePort());
            } catch (RuntimeException e) {
                containerFailure = e;
                log.warn("cannot start a Redis container ({}); trying a local redis-server", e.getMessage());
            }
        }
        if (binary != null) {
            return LocalServer.start(binary, freePort());
        }
        IllegalStateException failure = new IllegalStateException("no Redis for the integration tests: "
                + INSTALL_HINT + (restartable ? " (this test kills and restarts Redis, so REDIS_URL is not enough:"
                + " it needs redis-server or Docker)" : ""));
        if (containerFailure != null) {
            failure.addSuppressed(containerFailure);
        }
        throw failure;
    }

    /** Asks Testcontainers only when a Docker endpoint is configured, so machines without Docker stay quick. */
    private static boolean dockerAvailable() {
        boolean endpoint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!endpoint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The executable {@code name} on the PATH (or in /usr/sbin, /usr/local/bin), or null. */
    static Path findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin"
                + File.pathSeparator + "/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code PING} gets {@code +PONG}. */
    static void awaitPing(String host, int port, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                socket.setSoTimeout(500);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readNBytes(7);
                if (new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("Redis at " + host + ":" + port + " did not answer PING", last);
    }

    interface Server {
        RedisURI uri();

        void kill();

        void restart();

        void stop();

        default void freeze() {
            throw new UnsupportedOperationException("cannot freeze " + this + "; use RedisFixture.restartable()");
        }

        default void thaw() {
            throw new UnsupportedOperationException("cannot thaw " + this);
        }
    }

    private record ExternalServer(RedisURI uri) implements Server {
        @Override
        public void kill() {
            throw new UnsupportedOperationException("cannot kill the Redis at REDIS_URL; use RedisFixture.restartable()");
        }

        @Override
        public void restart() {
            kill();
        }

        @Override
        public void stop() {
        }

        @Override
        public String toString() {
            return "REDIS_URL " + uri;
        }
    }

    /** A {@code redis-server} child process; its log goes to {@code target/redis-<port>.log}. */
    private static final class LocalServer implements Server {

        private final Path binary;
        private final int port;
        private Process process;

        private LocalServer(Path binary, int port) {
            this.binary = binary;
            this.port = port;
        }

        static LocalServer start(Path binary, int port) {
            LocalServer server = new LocalServer(binary, port);
            server.launch();
            return server;
        }

        private void launch() {
            Path logFile = Path.of("target", "redis-" + port + ".log");
            try {
                Files.createDirectories(logFile.getParent());
                process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + binary + ": " + INSTALL_HINT, e);
            }
            try {
                awaitPing("127.0.0.1", port, 10_000);
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                throw new IllegalStateException(e.getMessage() + "; see " + logFile.toAbsolutePath(), e);
            }
        }

        @Override
        public RedisURI uri() {
            return RedisURI.create("127.0.0.1", port);
        }

        @Override
        public void kill() {
            process.destroyForcibly(); // SIGKILL
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void restart() {
            if (process.isAlive()) {
                kill();
            }
            launch();
        }

        @Override
        public void stop() {
            if (process.isAlive()) {
                thaw(); // a stopped process does not die of SIGKILL before it is continued on every kernel
            }
            kill();
        }

        @Override
        public void freeze() {
            signal("STOP");
        }

        @Override
        public void thaw() {
            signal("CONT");
        }

        private void signal(String name) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .redirectErrorStream(true).start();
                if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                            + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public String toString() {
            return binary + " on port " + port + " (pid " + process.pid() + ")";
        }
    }

    /** A Testcontainers container published on a fixed host port, so a restart keeps the address. */
    private static final class ContainerServer implements Server {

        private final FixedHostPortGenericContainer<?> container;
        private final int port;

        private ContainerServer(FixedHostPortGenericContainer<?> container, int port) {
            this.container = container;
            this.port = port;
        }

        @SuppressWarnings({"resource", "deprecation"})
        static ContainerServer start(int port) {
            FixedHostPortGenericContainer<?> container = new FixedHostPortGenericContainer<>(IMAGE)
                    .withFixedExposedPort(port, REDIS_PORT)
                    .withCommand("redis-server", "--save", "", "--appendonly", "no");
            container.start();
            return new ContainerServer(container, port);
        }

        @Override
        public RedisURI uri() {
            return RedisURI.create(container.getHost(), port);
        }

        @Override
        public void kill() {
            DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void restart() {
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
            awaitPing(container.getHost(), port, 30_000);
        }

        @Override
        public void stop() {
            container.stop();
        }

        @Override
        public void freeze() {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void thaw() {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public String toString() {
            return "container " + IMAGE + " on port " + port;
        }
    }
}
