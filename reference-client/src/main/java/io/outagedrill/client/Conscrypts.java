package io.outagedrill.client;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.conscrypt.Conscrypt;

/**
 * Conscrypt (BoringSSL) behind a holder class, so its native library is loaded (and extracted from the jar) only
 * when a download asks for it, once per JVM. Its provider is used by reference only, never installed JVM-wide: a
 * library must not change which TLS or digests the rest of the application gets.
 */
public final class Conscrypts {
    private static final Provider PROVIDER;
    private static final String UNAVAILABLE;

    static {
        Provider provider = null;
        String reason = null;
        try {
            if (Conscrypt.isAvailable()) {
                provider = Conscrypt.newProvider();
            } else {
                reason = "no native library for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            }
        } catch (LinkageError | RuntimeException e) {
            reason = e.toString();
        }
        PROVIDER = provider;
        UNAVAILABLE = reason;
    }

    private Conscrypts() {
    }

    public static boolean available() {
        return PROVIDER != null;
    }

    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** BoringSSL's SHA-256, or null where Conscrypt does not load ({@link Sha256#newDigest()} says why). */
    public static MessageDigest sha256() {
        if (PROVIDER == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256", PROVIDER);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** The provider, for a JCA call that should run in BoringSSL (a signature check); null where it does not load. */
    public static Provider providerOrNull() {
        return PROVIDER;
    }

    public static TrustManagerFactory trustManagerFactory() throws GeneralSecurityException {
        return TrustManagerFactory.getInstance("PKIX", PROVIDER);
    }

    public static SSLSocketFactory socketFactory(X509TrustManager trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS", PROVIDER);
        context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        return context.getSocketFactory();
    }
}
