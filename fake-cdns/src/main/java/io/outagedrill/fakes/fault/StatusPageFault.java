package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.status.Impact;

import java.time.Duration;
import java.util.Objects;

/**
 * What the target's status page says. Independent of what its servers do, so a page can say operational during an
 * outage (as pages often do in the first minutes) or report an outage that is over.
 *
 * @param impact   {@link Impact#NONE} (operational), {@link Impact#MINOR} (degraded) or {@link Impact#MAJOR}
 * @param incident the incident's text; null for the fault's id
 * @param delay    how late the page answers each request while the fault is on; null or zero for at once
 */
public record StatusPageFault(String id, String target, Impact impact, String incident, Duration delay)
        implements Fault {
    /** A page that answers at once. */
    public StatusPageFault(String id, String target, Impact impact, String incident) {
        this(id, target, impact, incident, null);
    }

    public StatusPageFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(impact, "impact: required");
        if (impact == Impact.CRITICAL) {
            throw new IllegalArgumentException("impact: expected NONE, MINOR or MAJOR (the kinds a scenario names), "
                    + "saw CRITICAL");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay: expected a duration of 0 or more, saw " + delay);
        }
    }

    @Override
    public String kind() {
        return "status-page." + switch (impact) {
            case NONE -> "operational";
            case MINOR -> "degraded";
            case MAJOR, CRITICAL -> "major-outage";
        };
    }
}
