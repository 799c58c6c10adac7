package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.status.Impact;

import java.util.Objects;

/**
 * What the target's status page says. Independent of what its servers do, so a page can say operational during an
 * outage (as pages often do in the first minutes) or report an outage that is over.
 *
 * @param impact   {@link Impact#NONE} (operational), {@link Impact#MINOR} (degraded) or {@link Impact#MAJOR}
 * @param incident the incident's text; null for the fault's id
 */
public record StatusPageFault(String id, String target, Impact impact, String incident) implements Fault {
    public StatusPageFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(impact, "impact: required");
        if (impact == Impact.CRITICAL) {
            throw new IllegalArgumentException("impact: expected NONE, MINOR or MAJOR (the kinds a scenario names), "
                    + "saw CRITICAL");
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
