package io.outagedrill.fakes.http;

/**
 * Tells Jetty how many object references fit in a cache line before it asks the JVM itself. Jetty's
 * {@code MemoryUtils} pads some concurrent structures by that number; unless the system property
 * {@value #PROPERTY} is set, it finds out whether references are compressed by starting the platform MBean
 * server and querying the HotSpot diagnostic MBean. That pulls in JMX and the JFR diagnostic commands: about
 * 300 classes and, measured on 2 cores, a third of a second of the first server start in a JVM, for a padding
 * size.
 *
 * <p>Every class here that builds a Jetty server calls {@link #presetUnlessSet()} first. A value already set
 * (by the user, or by Jetty having run before) is left alone.
 */
public final class JettyReferencesPerCacheLine {
    static final String PROPERTY = "org.eclipse.jetty.util.referencesPerCacheLine";
    private static final String CACHE_LINE_BYTES = "org.eclipse.jetty.util.cacheLineBytes";
    /** HotSpot compresses references by default up to about a 32 GiB heap. */
    private static final long COMPRESSED_REFERENCES_UP_TO = 32L << 30;

    private JettyReferencesPerCacheLine() {
    }

    /** Sets {@value #PROPERTY} as Jetty would compute it, unless it is set; idempotent. */
    public static void presetUnlessSet() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        int cacheLine;
        try {
            cacheLine = Integer.parseInt(System.getProperty(CACHE_LINE_BYTES, "64"));
        } catch (NumberFormatException e) {
            cacheLine = 64; // Jetty's own default when the property is not a number
        }
        // A wrong guess (compressed references turned off by hand) only changes padding, never behaviour.
        boolean compressed = Runtime.getRuntime().maxMemory() < COMPRESSED_REFERENCES_UP_TO;
        System.setProperty(PROPERTY, Integer.toString(Math.max(1, cacheLine / (compressed ? 4 : 8))));
    }
}
