package io.outagedrill.fakes.status;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Statuspage's one severity scale, used both as a page's {@code status.indicator} and as an incident's
 * {@code impact}; the page's indicator is the highest impact among its unresolved incidents.
 */
public enum Impact {
    NONE("All Systems Operational"),
    MINOR("Partially Degraded Service"),
    MAJOR("Partial System Outage"),
    CRITICAL("Major System Outage");

    private final String description;

    Impact(String description) {
        this.description = description;
    }

    /** The page's {@code status.description} when this is its indicator, in Statuspage's words. */
    public String description() {
        return description;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
