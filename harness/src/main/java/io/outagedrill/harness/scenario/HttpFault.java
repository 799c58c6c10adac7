package io.outagedrill.harness.scenario;

import java.time.Duration;
import java.util.List;

/**
 * An HTTP-level fault in the provider's fake server, one record per kind of fake-cdns' {@code FaultRule}
 * (same meaning, same order of combination), each with a {@link Scope}.
 */
public sealed interface HttpFault extends Fault {
    Scope scope();

    /**
     * Where and how often, as fake-cdns' {@code Scope}: every field optional.
     *
     * @param path          exact path or glob; null for every path
     * @param firstByte     with lastByte: only requests whose byte span overlaps it; null for any
     * @param afterRequests matching requests let through first
     * @param times         requests affected before the fault stops acting; null for no limit
     * @param probability   chance a matching request is affected; null for always (the draw is seeded from
     *                      the scenario seed and the fault id)
     */
    record Scope(String path, Long firstByte, Long lastByte, int afterRequests, Integer times, Double probability) {
        public static final Scope ALL = new Scope(null, null, null, 0, null, null);
    }

    /** @param retryAfter sent as {@code Retry-After} in whole seconds; null for none */
    record Status(String id, String target, Scope scope, int code, Duration retryAfter) implements HttpFault {
    }

    record Redirect(String id, String target, Scope scope, String location, int code) implements HttpFault {
    }

    record IgnoreRange(String id, String target, Scope scope) implements HttpFault {
    }

    /** @param claimedTotal total named in Content-Range instead of the real size; null for the real one */
    record WrongContentRange(String id, String target, Scope scope, long shift, Long claimedTotal)
            implements HttpFault {
    }

    record CutShort(String id, String target, Scope scope, long after) implements HttpFault {
    }

    record Endless(String id, String target, Scope scope, long maxBytes) implements HttpFault {
        public static final long DEFAULT_MAX_BYTES = 64L << 20;
    }

    /** Invert the bytes at these absolute file offsets. */
    record CorruptBytes(String id, String target, Scope scope, List<Long> offsets) implements HttpFault {
        public CorruptBytes {
            offsets = List.copyOf(offsets);
        }
    }

    /** Serve another file of the topology instead (wrong-software attack, or a new version mid-download). */
    record SwapContent(String id, String target, Scope scope, String file) implements HttpFault {
    }

    record Gzip(String id, String target, Scope scope) implements HttpFault {
    }

    record SlowFirstByte(String id, String target, Scope scope, Duration delay) implements HttpFault {
    }

    /** {@code chunk} bytes, then a wait of {@code every}, and again: slow retrieval. */
    record Dribble(String id, String target, Scope scope, long chunk, Duration every) implements HttpFault {
    }

    /** Hold the body after {@code after} bytes until cleared, or close after {@code maxHold}. */
    record Stall(String id, String target, Scope scope, long after, Duration maxHold) implements HttpFault {
        public static final Duration DEFAULT_MAX_HOLD = Duration.ofSeconds(60);
    }
}
