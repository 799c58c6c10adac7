package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.status.Impact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.Objects;

/**
 * What the target's status page says. Independent of what its servers do, so a page can say operational during an
 * outage (as pages often do in the first minutes) or report an outage that is over.
 *
 * @param impact   {@link Impact#NONE} (operational), {@link Impact#MINOR} (degraded) or {@link Impact#MAJOR}
 * @param incident the incident's text; null for the fault's id
 * @param delayMillis how late the page answers each request while the fault is on (0: at once), at most
 *                    {@link #MAX_DELAY}
 */
public record StatusPageFault(String id, String target, Impact impact, String incident, long delayMillis)
        implements Fault {
    /**
     * The longest a page may take: past it a page does not answer at all, as far as any client waits, and the status
     * server's idle timeout (30 s) would end the request before its late answer.
     */
    public static final Duration MAX_DELAY = Duration.ofSeconds(20);

    /** A page that answers at once. */
    public StatusPageFault(String id, String target, Impact impact, String incident) {
        this(id, target, impact, incident, 0);
    }

    /** A page that answers {@code delay} late. */
    public StatusPageFault(String id, String target, Impact impact, String incident, Duration delay) {
        this(id, target, impact, incident, delay.toMillis());
    }

    public StatusPageFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(impact, "impact: required");
        if (impact == Impact.CRITICAL) {
            throw new IllegalArgumentException("impact: expected NONE, MINOR or MAJOR (the kinds a scenario names), "
                    + "saw CRITICAL");
        }
        if (delayMillis < 0 || delayMillis > MAX_DELAY.toMillis()) {
            throw new IllegalArgumentException("delay: expected a duration from 0s to %ds, saw %d ms"
                    .formatted(MAX_DELAY.toSeconds(), delayMillis));
        }
    }

    @JsonIgnore
    public Duration delay() {
        return Duration.ofMillis(delayMillis);
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
