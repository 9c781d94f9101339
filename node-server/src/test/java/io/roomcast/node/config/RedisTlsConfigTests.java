package io.roomcast.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE. */
class RedisTlsConfigTests {

    @TempDir
    Path dir;

    private static NodeConfig load(String... keyValues) {
        return TestEnv.load(keyValues);
    }

    private static List<String> problems(String... keyValues) {
        return TestEnv.problems(keyValues);
    }

    private String file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n").toString();
    }

    @Test
    void shouldUseNoFilesOfItsOwnByDefault() {
        assertThat(load("REDIS_URL", "rediss://redis:6380").cluster().tls()).isEqualTo(RedisTls.NONE);
    }

    @Test
    void shouldTakeTheCaAndTheClientCertificateWithItsKey() throws IOException {
        String ca = file("ca.crt");
        String certificate = file("client.crt");
        String key = file("client.key");
        RedisTls tls = load("REDIS_URL", "rediss://roomcast:secret@redis:6380", "REDIS_TLS_CA_FILE", ca,
                "REDIS_TLS_CERT_FILE", certificate, "REDIS_TLS_KEY_FILE", key).cluster().tls();

        assertThat(tls.caFile()).contains(Path.of(ca));
        assertThat(tls.certificateFile()).contains(Path.of(certificate));
        assertThat(tls.keyFile()).contains(Path.of(key));
        assertThat(load("REDIS_MODE", "cluster", "REDIS_URL", "rediss://h1:7000,rediss://h2:7001",
                "REDIS_TLS_CA_FILE", ca).cluster().tls().caFile()).contains(Path.of(ca));
    }

    @Test
    void shouldRefuseFilesWithoutTlsAMissingFileAndACertificateWithoutItsKey() throws IOException {
        String ca = file("ca.crt");
        assertThat(problems("REDIS_URL", "redis://redis:6379", "REDIS_TLS_CA_FILE", ca)).containsExactly(
                "REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE need REDIS_URL with rediss:// (TLS), "
                        + "in standalone or cluster mode");
        assertThat(problems("REDIS_TLS_CA_FILE", ca)).hasSize(1);
        assertThat(problems("REDIS_URL", "rediss://redis:6380", "REDIS_TLS_CA_FILE", dir.resolve("none").toString()))
                .containsExactly("REDIS_TLS_CA_FILE must name a readable file: " + dir.resolve("none"));
        assertThat(problems("REDIS_URL", "rediss://redis:6380", "REDIS_TLS_CERT_FILE", file("client.crt")))
                .containsExactly("REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together: set both or neither");
    }

    @Test
    void shouldRefuseACertificateWithoutItsKeyInCodeToo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RedisTls(Optional.empty(),
                Optional.of(Path.of("client.crt")), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
