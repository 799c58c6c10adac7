package io.outagedrill.control;

import io.outagedrill.client.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * The least a routing controller's timings may be, one rule each, for every way they are given: {@code drill
 * route}'s options and a scenario's {@code routing:} block say the same thing in their own words.
 */
public final class RoutingLimits {
    /** The least time between rounds: each probes every mirror, and a loop that sends traffic is paced. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private RoutingLimits() {
    }

    /** What was expected of {@code interval} between probe rounds when it is too short; the caller adds what it saw. */
    public static Optional<String> intervalProblem(Duration interval) {
        return interval.compareTo(MIN_INTERVAL) < 0
                ? Optional.of("expected at least %s between rounds".formatted(Durations.words(MIN_INTERVAL)))
                : Optional.empty();
    }

    /**
     * What was expected of {@code timeout} for one probe, when it cannot be used. OkHttp reads a zero call timeout
     * as none: a stalled probe would end only at the client's own read timeout, and then say it had no answer
     * "within 0 ms".
     */
    public static Optional<String> probeTimeoutProblem(Duration timeout) {
        return timeout.toMillis() < 1
                ? Optional.of("expected at least 1 ms")
                : Optional.empty();
    }

    /** What was expected of {@code slowFirstByte}, when it cannot be used. */
    public static Optional<String> slowFirstByteProblem(Duration slowFirstByte) {
        return slowFirstByte.toMillis() < 1
                ? Optional.of("expected at least 1 ms (at 0 every probe would count as failed)")
                : Optional.empty();
    }
}
