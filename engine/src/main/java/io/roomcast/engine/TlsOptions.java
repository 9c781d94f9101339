package io.roomcast.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the client port, from a key store file (PKCS12 or JKS) holding the server's key and certificate chain.
 * Immutable; the file is read when the server starts.
 *
 * @param keyStore      the key store file
 * @param password      its password (also the key's)
 * @param keyStoreType  {@code PKCS12} (the default) or {@code JKS}
 */
public record TlsOptions(Path keyStore, String password, String keyStoreType) {

    public static final String DEFAULT_KEY_STORE_TYPE = "PKCS12";

    public TlsOptions {
        Objects.requireNonNull(keyStore, "keyStore must not be null");
        Objects.requireNonNull(password, "password must not be null");
        Objects.requireNonNull(keyStoreType, "keyStoreType must not be null");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("keyStore is not a readable file: " + keyStore);
        }
    }

    /** A PKCS12 key store. */
    public static TlsOptions keyStore(Path keyStore, String password) {
        return new TlsOptions(keyStore, password, DEFAULT_KEY_STORE_TYPE);
    }

    public TlsOptions withKeyStoreType(String keyStoreType) {
        return new TlsOptions(keyStore, password, keyStoreType);
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "TlsOptions[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + "]";
    }
}
