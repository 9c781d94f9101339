package io.roomcast.cluster.testing;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A locked-down Redis for integration tests, as a JUnit 5 extension: {@code @RegisterExtension static
 * SecureRedisFixture redis = SecureRedisFixture.create();}. One {@code redis-server} that listens on TLS only
 * ({@code --port 0 --tls-port}), with certificates made for it by {@code openssl} (a test CA, a server certificate
 * for 127.0.0.1 and a client certificate, since Redis asks clients for one by default: {@code tls-auth-clients yes}),
 * and ACLs: the {@code default} user is off, an admin user with a random password serves the fixture, and
 * {@link #createUser} adds the users a test restricts. Without {@code redis-server} or {@code openssl} it fails,
 * never skips. The server log stays in {@code target/redis-tls-<port>.log}.
 */
public final class SecureRedisFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String INSTALL_HINT = "install redis-server and openssl (apt-get install redis-server openssl)";
    private static final Logger log = LoggerFactory.getLogger(SecureRedisFixture.class);
    private static final String ADMIN = "fixture-admin";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String adminPassword = randomHex(16);
    private Path dir;
    private RedisProcess server;
    private RedisClient client;
    private String keyPrefix;

    private SecureRedisFixture() {
    }

    public static SecureRedisFixture create() {
        return new SecureRedisFixture();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path redisServer = require("redis-server");
        Path openssl = require("openssl");
        long started = System.nanoTime();
        try {
            dir = Files.createTempDirectory("roomcast-redis-tls-");
            new TestCertificates(openssl, dir).create();
            int port = RedisProcess.freePort(new HashSet<>(), false);
            server = RedisProcess.start("redis-tls", port, command(redisServer, port));
            client = RedisClient.create();
            client.setOptions(ClientOptions.builder().sslOptions(sslOptions())
                    .timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build());
            RedisProcess.await("the TLS redis-server on " + port + " did not answer PING (see " + server.logFile()
                    + ")", Duration.ofSeconds(15), () -> "PONG".equals(admin(RedisCommands::ping)) ? null : "no PONG");
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("TLS Redis for {} on {} (ready in {} ms)", context.getDisplayName(), port(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        keyPrefix = TestKeyPrefix.of(context);
    }

    /** A key or channel prefix unique to the running test. */
    public String keyPrefix() {
        if (keyPrefix == null) {
            throw new IllegalStateException("keyPrefix() is only available inside a test method");
        }
        return keyPrefix;
    }

    public int port() {
        started();
        return server.port();
    }

    /** {@code rediss://user:password@127.0.0.1:port}, the peer verified against the test CA. */
    public RedisURI uri(String user, String password) {
        return RedisURI.builder().withHost(NodeClient.HOST).withPort(port()).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).withAuthentication(user, password).withTimeout(TIMEOUT).build();
    }

    /** The same as {@link #uri} as the text a node's {@code REDIS_URL} takes. */
    public String url(String user, String password) {
        return "rediss://" + user + ":" + password + "@" + NodeClient.HOST + ":" + port();
    }

    /** Trusts the test CA and presents the client certificate, as every client of this Redis must. */
    public SslOptions sslOptions() {
        return SslOptions.builder().jdkSslProvider().trustManager(caFile().toFile())
                .keyManager(clientCertificateFile().toFile(), clientKeyFile().toFile(), null).build();
    }

    /** The test CA's certificate (PEM): what a node's {@code REDIS_TLS_CA_FILE} names. */
    public Path caFile() {
        return started(TestCertificates.CA);
    }

    /** The client certificate (PEM) signed by the test CA. */
    public Path clientCertificateFile() {
        return started(TestCertificates.CLIENT_CERTIFICATE);
    }

    /** The client certificate's unencrypted PKCS#8 key (PEM). */
    public Path clientKeyFile() {
        return started(TestCertificates.CLIENT_KEY);
    }

    /**
     * {@code ACL SETUSER name reset on >password <rules...>}: a user with only these permissions (e.g.
     * {@code "resetchannels", "&socket.io#*", "-@all", "+publish"}).
     */
    public void createUser(String name, String password, List<String> rules) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(name)
                .add("reset").add("on").add(">" + password);
        rules.forEach(args::add);
        String reply = admin(redis -> redis.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args));
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("ACL SETUSER " + name + " " + rules + ": " + reply);
        }
    }

    /** Runs {@code command} as the fixture's admin user (every permission). */
    public <T> T admin(Function<RedisCommands<String, String>, T> command) {
        started();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(ADMIN, adminPassword))) {
            return command.apply(connection.sync());
        }
    }

    private List<String> command(Path redisServer, int port) {
        return List.of(redisServer.toString(),
                "--port", "0",
                "--tls-port", String.valueOf(port),
                "--bind", NodeClient.HOST,
                "--tls-cert-file", dir.resolve(TestCertificates.SERVER_CERTIFICATE).toString(),
                "--tls-key-file", dir.resolve(TestCertificates.SERVER_KEY).toString(),
                "--tls-ca-cert-file", dir.resolve(TestCertificates.CA).toString(),
                "--daemonize", "no",
                "--dir", dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--user", ADMIN, "on", ">" + adminPassword, "~*", "&*", "+@all",
                "--user", "default", "off");
    }

    private Path started(String file) {
        started();
        return dir.resolve(file);
    }

    private void started() {
        if (server == null) {
            throw new IllegalStateException("SecureRedisFixture is not started: register it with @RegisterExtension "
                    + "on a static field");
        }
    }

    private static Path require(String binary) {
        Path path = RedisFixture.findOnPath(binary);
        if (path == null) {
            throw new IllegalStateException("no " + binary + " on the PATH for SecureRedisFixture: " + INSTALL_HINT);
        }
        return path;
    }

    private void stop() {
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            client = null;
        }
        if (server != null) {
            server.kill();
            server = null;
        }
        RedisProcess.deleteQuietly(dir);
        dir = null;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * A CA and the server and client certificates it signs, written by {@code openssl} into one directory; P-256
     * keys, made at once where three RSA keys took seconds on a loaded machine.
     */
    private record TestCertificates(Path openssl, Path dir) {

        static final String CA = "ca.crt";
        static final String SERVER_CERTIFICATE = "server.crt";
        static final String SERVER_KEY = "server.key";
        static final String CLIENT_CERTIFICATE = "client.crt";
        static final String CLIENT_KEY = "client.key";

        void create() throws IOException {
            run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=Roomcast test CA",
                    "-keyout", "ca.key", "-out", CA);
            sign("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            sign("client", "/CN=roomcast-test-client", "extendedKeyUsage=clientAuth\n");
        }

        private void sign(String name, String subject, String extensions) throws IOException {
            Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.US_ASCII);
            run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject, "-keyout", name + ".key",
                    "-out", name + ".csr");
            run("x509", "-req", "-in", name + ".csr", "-CA", CA, "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        }

        private void run(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(openssl.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running openssl", e);
            }
        }
    }
}
