package io.outagedrill.harness.sut;

import java.time.Instant;

/**
 * Something a downloader was seen doing, in terms every adapter can fill: the reference client reports all of
 * these through its events; a plain tool may report none, and is then judged by its exit code, its output file
 * and its timing alone.
 *
 * @param at     when, on the harness's clock
 * @param kind   what happened
 * @param mirror the mirror involved (host name), or empty
 * @param chunk  the chunk involved, or -1
 * @param bytes  bytes involved (received, wasted), or 0
 * @param detail plain words from the downloader
 */
public record Observation(Instant at, Kind kind, String mirror, int chunk, long bytes, String detail) {

    /** The observations the harness measures with. */
    public enum Kind {
        ATTEMPT_STARTED, FIRST_BYTE, CHUNK_VERIFIED, CHUNK_REJECTED, MIRROR_FAILED, MIRROR_SWITCHED,
        MIRROR_ABANDONED, HEDGE_STARTED, BACKOFF, RESUMED, COMPLETED, FAILED, MANIFEST_REJECTED, OUTPUT
    }

    public Observation {
        mirror = mirror == null ? "" : mirror;
        detail = detail == null ? "" : detail;
    }
}
