package io.outagedrill.client.cli;

import io.outagedrill.client.Conscrypts;
import java.math.BigDecimal;
import java.security.Provider;
import java.security.Security;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether this JVM is the command line's own process ({@code drill get} started by {@code main}) rather than an
 * application or a test that runs the commands in-process. Only the command line's own process may change what
 * the whole JVM gets; a library never does.
 */
public final class CliProcess {
    private static volatile boolean claimed;
    /** Counted down once the warm-up thread has loaded the JDK's providers (or given up on it); null without one. */
    private static volatile CountDownLatch providersLoaded;
    private static final String NO_GROOVY = "picocli.disable.closures";

    private CliProcess() {
    }

    /**
     * Called by a {@code main} method before it runs a command: this JVM belongs to the command line. For a
     * {@code get}, a daemon thread loads Conscrypt's native library (extracted from its jar and linked, about
     * 35 ms) while picocli builds and parses the command on the main thread, then makes three first uses of the
     * JDK that the download would make right after (below). The download would make all of them anyway; nothing is
     * installed, so nothing changes if the command turns out to be wrong.
     *
     * <p>It also tells picocli not to look for Groovy ({@code picocli.disable.closures}): its default factory
     * otherwise asks the class path for {@code groovy.lang.Closure} once, a miss searched through every jar, about
     * 35 ms of each command's start (async-profiler, docs/benchmarks.md). No command here is written in Groovy.
     */
    public static void claim(String[] args) {
        claimed = true;
        // The command line speaks English, and what it prints is read back by scripts and other tools (ports in
        // URLs, sizes, counts, durations): ASCII digits and a '.' decimal point in every locale, never "in ٥ chunks,
        // ٠٫٠ s" as String.format would print them where the user's locale is Arabic (ar-EG), say. Every category,
        // not only FORMAT: PrintWriter.printf formats with Locale.getDefault() itself, and case changes without a
        // locale (a Turkish dotless i) read it too.
        Locale.setDefault(Locale.ROOT);
        if (System.getProperty(NO_GROOVY) == null) {
            System.setProperty(NO_GROOVY, "true");
        }
        if (args.length > 0 && args[0].equals("get")) {
            CountDownLatch loaded = new CountDownLatch(1);
            providersLoaded = loaded;
            Thread.ofPlatform().name("warm-up").daemon().start(() -> warmUp(loaded));
        }
    }

    private static void warmUp(CountDownLatch loaded) {
        try {
            // Conscrypts records its own failure (unavailableReason), which the download reports; a class whose
            // initialisation threw here would only say "could not initialize class" there.
            Conscrypts.available();
            // Then three first uses of the JDK that the main thread would otherwise pay for right after it, while
            // it is still building the command. None can fail, and none changes what the JVM gives anyone.
            // Installing Conscrypt's provider (preferConscrypt) first loads every provider the JDK is configured
            // with (about 20 ms): loaded here, the install finds them ready. Loading is not installing: the JVM's
            // list of providers and their order stay as they are. The install waits for this step to end: loading
            // writes the list back without Security's lock when a provider fails to load, which would drop an
            // install made meanwhile.
            Security.getProviders();
        } finally {
            loaded.countDown();
        }
        // Conscrypt reads each certificate's dates into a Calendar, and the first Calendar loads the locale's
        // calendar data: about 14 ms, on the main thread for the CA file or on the first handshake.
        Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.getDefault(Locale.Category.FORMAT));
        // Jackson's parser holds BigDecimal constants, and BigDecimal's class initialisation computes 5^(2^16) in
        // BigInteger arithmetic on JDK 25 (about 9 ms, interpreted) before the first JSON file can be read.
        BigDecimal.ONE.signum();
    }

    /** Hands the JVM back (for tests, which run the commands in a shared JVM). */
    static void release() {
        claimed = false;
        providersLoaded = null;
    }

    /**
     * Puts Conscrypt first among the JVM's security providers, when this is the command line's own process and
     * Conscrypt loaded. Why: Conscrypt's trust manager checks the server's certificate chain with
     * {@code X509Certificate.verify(key)}, which takes the JVM's first provider of the signature; with the JDK's
     * providers first that is its own P-256 code, whose first use builds a table of precomputed points in
     * interpreted Java, about 120 ms of every download's first handshake (async-profiler, docs/benchmarks.md).
     * First, BoringSSL checks it in well under a millisecond, and every other JCA lookup of the process (digests,
     * random numbers) goes to BoringSSL too. Returns whether it was installed.
     */
    static boolean preferConscrypt() {
        Provider conscrypt = Conscrypts.providerOrNull();
        if (!claimed || conscrypt == null) {
            return false;
        }
        CountDownLatch loaded = providersLoaded;
        if (loaded != null) {
            try {
                // Bounded: a warm-up that hangs must not stop the download; the install then loads them itself.
                loaded.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Provider[] installed = Security.getProviders();
        if (installed.length > 0 && installed[0] == conscrypt) {
            return true;
        }
        return Security.insertProviderAt(conscrypt, 1) == 1;
    }
}
