package io.outagedrill.fakes.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How much the heap in use has grown since a baseline, measured after a collection so that only what is
 * retained counts: for the tests that stream a body larger than the module's test heap and check that no one
 * keeps it in memory.
 */
public final class HeapGrowth {
    private static final long SAMPLE_EVERY = 64L << 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long baseline;

    private HeapGrowth() {
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
    }

    /** Takes the baseline now. */
    public static HeapGrowth fromNow() {
        return new HeapGrowth();
    }

    /** The growth over the baseline, after a collection. */
    public long now() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed() - baseline;
    }

    /** Reads {@code in} to its end and closes it, hashing the bytes and sampling the growth every 64 MiB. */
    public Drained drain(InputStream in) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long total = 0;
        long worst = 0;
        long nextSample = SAMPLE_EVERY;
        byte[] buf = new byte[1 << 16];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha256.update(buf, 0, n);
                total += n;
                if (total >= nextSample) {
                    worst = Math.max(worst, now());
                    nextSample += SAMPLE_EVERY;
                }
            }
        }
        return new Drained(total, HexFormat.of().formatHex(sha256.digest()), worst);
    }

    /**
     * @param worstGrowth the largest growth sampled while reading (0 when fewer than 64 MiB came)
     */
    public record Drained(long bytes, String sha256, long worstGrowth) {
    }
}
