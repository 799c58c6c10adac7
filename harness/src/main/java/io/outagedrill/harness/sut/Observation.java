package io.outagedrill.harness.sut;

import java.time.Duration;
import java.time.Instant;

/**
 * Something a downloader was seen doing, each kind with its own fields, so nothing downstream parses words or
 * reads a number whose meaning depends on the kind. The reference client reports all of these through its events;
 * a plain tool reports what its adapter declares ({@link SystemUnderTest#reports()}), maybe nothing, and is then
 * judged by its exit code, its output file and its timing alone. Mirrors are host names; {@code at} is the
 * harness's clock.
 */
public sealed interface Observation {

    /** When the harness saw it. */
    Instant at();

    /** The mirror it is about, or empty when it is about the whole download. */
    default String mirror() {
        return "";
    }

    /**
     * A chunk asked for: {@code length} bytes of {@code chunk} (-1 when the tool fetches the whole file), on a
     * request of its own or on the response of the chunk before (one ranged request for several chunks in a row;
     * then no {@link FirstByte} of its own follows).
     */
    record AttemptStarted(Instant at, String mirror, int chunk, long length) implements Observation {
    }

    /** Response headers of a chunk's request arrived {@code timeToFirstByte} after it was sent. */
    record FirstByte(Instant at, String mirror, int chunk, Duration timeToFirstByte) implements Observation {
    }

    /** A chunk's {@code bytes} matched their signed hash. */
    record ChunkVerified(Instant at, String mirror, int chunk, long bytes) implements Observation {
    }

    /** A chunk the mirror sent was thrown away: {@code bytesWasted} received for nothing. */
    record ChunkRejected(Instant at, String mirror, int chunk, long bytesWasted, Reason reason)
            implements Observation {
    }

    /** One request to the mirror failed. */
    record MirrorFailed(Instant at, String mirror, Reason reason) implements Observation {
    }

    /** Work on {@code chunk} moved from one mirror to another. */
    record MirrorSwitched(Instant at, String from, String to, int chunk, String reason) implements Observation {
        @Override
        public String mirror() {
            return from;
        }
    }

    /** The downloader gave up on the mirror for this download. */
    record MirrorAbandoned(Instant at, String mirror, String reason) implements Observation {
    }

    /** A slow chunk is raced by a copy on a faster mirror. */
    record HedgeStarted(Instant at, String slowMirror, String fastMirror, int chunk) implements Observation {
        @Override
        public String mirror() {
            return fastMirror;
        }
    }

    /** The downloader waits {@code delay} before trying the mirror again. */
    record Backoff(Instant at, String mirror, Duration delay, String reason) implements Observation {
    }

    /** A download resumed from a partial file, {@code chunksKept} already verified. */
    record Resumed(Instant at, int chunksKept) implements Observation {
    }

    /** The downloader says it finished with a verified file, having thrown away {@code bytesWasted}. */
    record Completed(Instant at, long bytesWasted) implements Observation {
    }

    /** The downloader says it failed. */
    record Failed(Instant at, String reason) implements Observation {
    }

    /** The signed manifest from {@code source} was refused; {@link Reason#code()} is the refusal's reason code. */
    record ManifestRejected(Instant at, String source, Reason reason) implements Observation {
        @Override
        public String mirror() {
            return source;
        }
    }

    /**
     * Why something failed: a stable code to count and match on (the reference client's failure kind such as
     * {@code CORRUPT} or {@code STALL}, a manifest reason such as {@code ROLLBACK}, {@code CURL_EXIT}) and the
     * downloader's own words for a person.
     */
    record Reason(String code, String words) {
        public Reason {
            code = code == null ? "" : code;
            words = words == null ? "" : words;
        }
    }
}
