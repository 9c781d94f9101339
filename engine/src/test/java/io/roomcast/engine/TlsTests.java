package io.roomcast.engine;

import io.roomcast.engine.internal.EngineServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PKCS12 key store enables TLS through {@link EngineServer#tls}. */
class TlsTests {

    @TempDir
    Path dir;

    @Test
    void shouldServeHandshakeOverTlsFromConfigurationKeyStore() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as("keytool exit code (needs the JDK's keytool)").isZero();

        RecordingHandler handler = new RecordingHandler();
        try (EngineServer server = new EngineServer(EngineOptions.defaults(), handler, null)
                .tls(TlsOptions.keyStore(keyStore, "secret"))) {
            server.start("127.0.0.1", 0);

            HttpResponse<String> response = trustingClient(keyStore).send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            String sid = EngineClient.sidOf(response.body());
            handler.await("open " + sid);
            assertThat(handler.sessions.get(sid).request().secure()).isTrue();
        }
    }

    private static HttpClient trustingClient(Path keyStore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keyStore.toFile())) {
            trusted.load(in, "secret".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
    }
}
