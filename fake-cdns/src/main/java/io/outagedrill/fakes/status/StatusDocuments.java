package io.outagedrill.fakes.status;

import java.util.List;

/**
 * The JSON documents of Statuspage's public API v2, as records. Field names are written in snake_case
 * ({@code updated_at}, {@code incident_updates}) and times as ISO-8601 strings with milliseconds, like the
 * real API, so a client (or the harness) can parse a fake page with the code it uses for a real one.
 */
public final class StatusDocuments {
    private StatusDocuments() {
    }

    /** {@code page}: which status page this is. */
    public record Page(String id, String name, String url, String timeZone, String updatedAt) {
    }

    /** {@code status}: the page's overall state. */
    public record Status(Impact indicator, String description) {
    }

    /** One entry of an incident's {@code incident_updates}, newest first. */
    public record IncidentUpdate(String id, IncidentStatus status, String body, String incidentId, String createdAt,
                                 String updatedAt, String displayAt) {
    }

    /** One incident. */
    public record Incident(String id, String name, IncidentStatus status, Impact impact, String createdAt,
                           String updatedAt, String monitoringAt, String resolvedAt, String shortlink, String pageId,
                           List<IncidentUpdate> incidentUpdates) {
        public Incident {
            incidentUpdates = List.copyOf(incidentUpdates);
        }
    }

    /** {@code GET /api/v2/status.json}. */
    public record StatusDocument(Page page, Status status) {
    }

    /** {@code GET /api/v2/incidents/unresolved.json} and {@code /api/v2/incidents.json}. */
    public record IncidentsDocument(Page page, List<Incident> incidents) {
        public IncidentsDocument {
            incidents = List.copyOf(incidents);
        }
    }
}
