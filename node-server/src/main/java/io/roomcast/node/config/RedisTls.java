package io.roomcast.node.config;

import io.lettuce.core.SslOptions;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates of a {@code rediss://} connection ({@code REDIS_TLS_CA_FILE}, {@code REDIS_TLS_CERT_FILE},
 * {@code REDIS_TLS_KEY_FILE}), all PEM files.
 *
 * @param caFile          the CA certificates that may sign Redis's certificate, in place of the JVM's trust store
 * @param certificateFile the client certificate chain to present (Redis asks for one unless
 *                        {@code tls-auth-clients no}); with {@code keyFile}
 * @param keyFile         its unencrypted PKCS#8 private key
 */
public record RedisTls(Optional<Path> caFile, Optional<Path> certificateFile, Optional<Path> keyFile) {

    public static final RedisTls NONE = new RedisTls(Optional.empty(), Optional.empty(), Optional.empty());

    public RedisTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certificateFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
    }

    /** Whether any file is set. */
    public boolean configured() {
        return caFile.isPresent() || certificateFile.isPresent();
    }

    /** Lettuce's settings: the JDK's TLS with these files; lettuce's defaults when none is set. */
    public SslOptions sslOptions() {
        if (!configured()) {
            return SslOptions.create();
        }
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        caFile.ifPresent(file -> builder.trustManager(file.toFile()));
        certificateFile.ifPresent(file -> builder.keyManager(file.toFile(), keyFile.orElseThrow().toFile(), null));
        return builder.build();
    }
}
