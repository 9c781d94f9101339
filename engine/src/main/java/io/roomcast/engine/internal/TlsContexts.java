package io.roomcast.engine.internal;

import com.corundumstudio.socketio.Configuration;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the server's TLS context from the key store settings of netty-socketio's {@link Configuration}
 * ({@code setKeyStore}, {@code setKeyStorePassword}, {@code setKeyStoreFormat}, {@code setTrustStore}, ...), so
 * those settings keep working although netty-socketio's own {@code start} (which would read them) is not run.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    /** The TLS context, or null when no key store is configured. */
    static SSLContext fromConfiguration(Configuration config) {
        if (config.getKeyStore() == null) {
            return null;
        }
        try {
            char[] keyPassword = config.getKeyStorePassword().toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(config.getKeyManagerFactoryAlgorithm());
            keys.init(load(config.getKeyStore(), config.getKeyStoreFormat(), keyPassword), keyPassword);
            TrustManagerFactory trust = null;
            if (config.getTrustStore() != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(config.getTrustStore(), config.getTrustStoreFormat(),
                        config.getTrustStorePassword().toCharArray()));
            }
            SSLContext context = SSLContext.getInstance(config.getSSLProtocol());
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the TLS key store: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(InputStream in, String format, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(format);
        store.load(in, password);
        return store;
    }
}
