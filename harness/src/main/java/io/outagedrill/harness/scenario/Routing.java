package io.outagedrill.harness.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * A routing controller in the world ({@code routing:} in a scenario): it probes every mirror of each file every
 * {@code interval} (wall time) and re-signs the manifest on the manifest service with healthy mirrors first, so
 * clients that start afterwards go to a healthy mirror first. See the control-plane module's {@code Router}.
 *
 * @param interval      time between probe rounds, wall-clock
 * @param failAfter     failed probes in a row that demote a mirror
 * @param recoverAfter  healthy probes in a row that bring it back
 * @param slowFirstByte a probe slower to its first byte counts as failed
 * @param probeTimeout  the limit on one whole probe (a blackholed mirror costs a round this long)
 */
public record Routing(Duration interval, int failAfter, int recoverAfter, Duration slowFirstByte,
                      Duration probeTimeout) {
    public Routing {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(slowFirstByte, "slowFirstByte");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
    }
}
