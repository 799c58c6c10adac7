package io.outagedrill.harness.run;

import java.time.Duration;

/**
 * The fleet ran into one of its limits.
 *
 * @param seen  what showed it, e.g. {@code java.lang.OutOfMemoryError: Java heap space in reference-clients-1-007}
 * @param after time since the fleet started
 * @param howToRaise what the user can do about it in this run ({@link FleetLimits#howToRaise})
 */
public record LimitHit(FleetLimit limit, String seen, Duration after, String howToRaise) {
    /** The words for the run's record and the console: the limit, what showed it, how to raise it. */
    public String words() {
        return "the fleet ran out of %s after %s (%s); the runner stopped the clients. To raise it: %s"
                .formatted(limit.what(), SloEvaluator.secs(after), seen, howToRaise);
    }
}
