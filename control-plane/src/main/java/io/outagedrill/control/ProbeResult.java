package io.outagedrill.control;

import io.outagedrill.client.manifest.Mirror;

import java.time.Duration;
import java.time.Instant;

/** What one synthetic download of one chunk from one mirror showed. */
public sealed interface ProbeResult {

    Mirror mirror();

    Instant at();

    /** The chunk that was asked for. */
    int chunk();

    /** Plain words for a person. */
    String describe();

    /** The chunk arrived whole and its SHA-256 matched the signed one. */
    record Healthy(Mirror mirror, Instant at, int chunk, Duration timeToFirstByte, double bytesPerSecond)
            implements ProbeResult {
        public String describe() {
            return "%s: chunk %d verified, first byte after %d ms, %.1f MB/s".formatted(RoutingTable.name(mirror), chunk,
                    timeToFirstByte.toMillis(), bytesPerSecond / 1e6);
        }
    }

    /**
     * The chunk arrived whole and verified, but its first byte came after the routing policy's limit
     * ({@link RoutingPolicy#judge}): it counts as a failed probe, and is told as such rather than as verified.
     */
    record Slow(Mirror mirror, Instant at, int chunk, Duration timeToFirstByte, Duration limit)
            implements ProbeResult {
        public String describe() {
            return "%s: chunk %d verified, but first byte after %d ms, over the %d ms limit (counts as failed)"
                    .formatted(RoutingTable.name(mirror), chunk, timeToFirstByte.toMillis(), limit.toMillis());
        }
    }

    /** No usable answer: connection, status, timeout, truncation. Says nothing about the bytes. */
    record Failed(Mirror mirror, Instant at, int chunk, String reason) implements ProbeResult {
        public String describe() {
            return "%s: chunk %d failed: %s".formatted(RoutingTable.name(mirror), chunk, reason);
        }
    }

    /** The mirror answered with bytes that are not the signed ones: it must never be listed first. */
    record WrongBytes(Mirror mirror, Instant at, int chunk, String reason) implements ProbeResult {
        public String describe() {
            return "%s: chunk %d has wrong bytes: %s".formatted(RoutingTable.name(mirror), chunk, reason);
        }
    }
}
