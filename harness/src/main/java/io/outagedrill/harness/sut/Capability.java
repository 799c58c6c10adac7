package io.outagedrill.harness.sut;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a downloader can tell the harness while it runs, declared by its adapter
 * ({@link SystemUnderTest#reports()}). Measurements and reports read this instead of guessing from the client's
 * name, and say "not reported" where a client is silent rather than showing a zero.
 */
public enum Capability {
    /** Each chunk it asks a mirror for and each chunk it verifies: the timeline and per-mirror figures. */
    CHUNKS,
    /** Verified bytes over time (from verified chunks): the throughput chart and time to recover by progress. */
    PROGRESS,
    /** Each request's time to first byte. */
    FIRST_BYTE,
    /** Each mirror that failed it. */
    MIRROR_FAILURES,
    /** Each time it moved work to another mirror, with why. */
    SWITCHES,
    /** Bytes received and thrown away. */
    WASTED_BYTES,
    /** Why it refused a signed manifest. */
    MANIFEST_REJECTIONS;

    /** Everything the reference client's events carry (in-process or as {@code --json} lines). */
    public static Set<Capability> referenceEvents() {
        return EnumSet.allOf(Capability.class);
    }
}
