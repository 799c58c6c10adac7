package io.outagedrill.control;

import java.time.Duration;
import java.util.Objects;

/**
 * When a mirror is demoted and when it comes back, with hysteresis so that one slow or failed probe does not
 * reorder every client's manifest and the next good one reorder it back.
 *
 * @param failAfter     consecutive failed probes that demote a mirror
 * @param recoverAfter  consecutive healthy probes that bring a demoted mirror back
 * @param slowFirstByte a probe whose first byte takes longer counts as failed ("slow")
 */
public record RoutingPolicy(int failAfter, int recoverAfter, Duration slowFirstByte) {

    /** Two failures to demote, three successes to come back, 2 s to first byte. */
    public static final RoutingPolicy DEFAULT = new RoutingPolicy(2, 3, Duration.ofSeconds(2));

    /**
     * {@code result} as this policy counts it: a healthy probe whose first byte came after {@link #slowFirstByte}
     * is {@link ProbeResult.Slow}, so that what is told of it (the probe's line, its metric) says what the table
     * makes of it, a failure, and not "verified".
     */
    public ProbeResult judge(ProbeResult result) {
        return result instanceof ProbeResult.Healthy healthy && healthy.timeToFirstByte().compareTo(slowFirstByte) > 0
                ? new ProbeResult.Slow(healthy.mirror(), healthy.at(), healthy.chunk(), healthy.timeToFirstByte(),
                        slowFirstByte)
                : result;
    }

    public RoutingPolicy {
        Objects.requireNonNull(slowFirstByte, "slowFirstByte");
        if (failAfter < 1 || recoverAfter < 1) {
            throw new IllegalArgumentException("failAfter and recoverAfter: expected 1 or more, saw %d and %d"
                    .formatted(failAfter, recoverAfter));
        }
    }
}
