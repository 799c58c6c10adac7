package io.outagedrill.fakes.status;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where an incident is in its life, as Statuspage names it; all but {@link #RESOLVED} are "unresolved". */
public enum IncidentStatus {
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
