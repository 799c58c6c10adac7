package io.outagedrill.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
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
}
