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
    CHUNKS("per-chunk progress"),
    /** Verified bytes over time (from verified chunks): the throughput chart and time to recover by progress. */
    PROGRESS("verified bytes over time"),
    /** Each request's time to first byte. */
    FIRST_BYTE("time to first byte"),
    /** Each mirror that failed it. */
    MIRROR_FAILURES("failed mirrors"),
    /** Each time it moved work to another mirror, with why. */
    SWITCHES("mirror switches"),
    /** Bytes received and thrown away. */
    WASTED_BYTES("wasted bytes"),
    /** Why it refused a signed manifest. */
    MANIFEST_REJECTIONS("manifest refusals");

    private final String words;

    Capability(String words) {
        this.words = words;
    }

    /** What it is in plain words, for "this client reports no ..." */
    public String words() {
        return words;
    }

    /** Everything the reference client's events carry (in-process or as {@code --json} lines). */
    public static Set<Capability> referenceEvents() {
        return EnumSet.allOf(Capability.class);
    }
}
