package io.outagedrill.client.transfer;

import io.outagedrill.client.Conscrypts;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which TLS implementation decrypts the downloads. Over HTTPS the JDK's TLS costs most of a download's CPU: its
 * AES-GCM and GHASH are Java code until C2 compiles them, its record layer copies every byte twice, and the JIT
 * spends seconds compiling it while the download runs. Conscrypt (Google's BoringSSL binding, which OkHttp
 * supports) decrypts in native code from the first byte; the client runs its engine under a socket of its own that
 * reads the network into direct buffers ({@code EngineSockets}). Profiles and figures: docs/benchmarks.md, "Where the
 * time goes now".
 *
 * <p>The certificate and host-name checks are the same whichever is chosen: the trust manager is the caller's
 * (the JDK's, or one trusting only a given CA), and OkHttp checks the host name itself.
 */
public enum TlsProvider {
    /** Conscrypt where its native library loads (Linux on x86-64 and arm64), else the JDK's. */
    AUTO,
    /** Conscrypt, or an error naming why it cannot load here. */
    CONSCRYPT,
    /** The JDK's own TLS (SunJSSE). */
    JDK;

    /** Parses {@code auto}, {@code conscrypt} or {@code jdk}, case-insensitively. */
    public static TlsProvider parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected auto, conscrypt or jdk, saw '" + text + "'", e);
        }
    }

    /** The implementation this choice comes to on this machine: never {@link #AUTO}. */
    public TlsProvider resolve() {
        return switch (this) {
            case JDK -> JDK;
            case AUTO -> Conscrypts.available() ? CONSCRYPT : JDK;
            case CONSCRYPT -> {
                if (!Conscrypts.available()) {
                    throw new IllegalStateException("Conscrypt's native library does not load on this machine ("
                            + Conscrypts.unavailableReason() + "); use --tls jdk");
                }
                yield CONSCRYPT;
            }
        };
    }

    /**
     * The PKIX trust manager of this implementation over {@code store} (null: the JDK's CAs). Each provider's own:
     * the JDK's refuses the key-exchange type Conscrypt names for TLS 1.3 ("GENERIC").
     */
    X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        String algorithm = TrustManagerFactory.getDefaultAlgorithm();
        TrustManagerFactory factory = resolve() == CONSCRYPT
                ? TrustManagerFactory.getInstance("PKIX", Conscrypts.providerOrNull())
                : TrustManagerFactory.getInstance(algorithm);
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** A socket factory of this implementation that trusts what {@code trust} trusts. */
    SSLSocketFactory socketFactory(X509TrustManager trust) throws GeneralSecurityException {
        return context(trust).getSocketFactory();
    }

    /** A TLS context of this implementation that trusts what {@code trust} trusts. */
    SSLContext context(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext context = resolve() == CONSCRYPT
                ? SSLContext.getInstance("TLS", Conscrypts.providerOrNull())
                : SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        return context;
    }
}
