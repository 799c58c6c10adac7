package io.outagedrill.fakes.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A server's private key and certificate chain (leaf first), in the forms servers take.
 *
 * @param privateKey the leaf's EC P-256 key
 * @param chain      leaf first, then the issuing CA (just the leaf when self-signed)
 */
public record ServerCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    /** Password of {@link #keyStore()} and of its key entry (in-memory only; nothing secret here). */
    public static final String PASSWORD = "outage-drill";
    public static final String ALIAS = "server";

    public ServerCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least the leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /**
     * An in-memory key store with one key entry {@value #ALIAS}, password {@value #PASSWORD}. JKS, not PKCS#12:
     * PKCS#12 protects each key with 10,000 rounds of PBKDF2, a quarter second per server that buys nothing for a
     * store that never leaves memory, and a topology starts many servers.
     */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store", e);
        }
    }

    /**
     * Writes the key entry and chain as a PKCS#12 file, password {@value #PASSWORD}, for a server that reads its
     * key from disk in another process (S3Proxy's {@code s3proxy.keystore-path}). PKCS#12 because it is Jetty's
     * default key store type; its slower key protection is paid once per such server, not per request.
     */
    public Path writePkcs12(Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a PKCS#12 key store", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A server-side TLS context presenting this chain. */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }
}
