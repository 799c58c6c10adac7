package io.outagedrill.harness.run;

import java.time.Instant;

/**
 * One stretch of time a fault was active. A flapping fault (applied in a {@code repeat}) has one window per
 * iteration, all with its id.
 *
 * @param end null while still active (a run that ended with the fault on)
 */
public record FaultWindow(String id, String kind, String target, String note, Instant start, Instant end) {

    public boolean overlaps(Instant from, Instant to) {
        return !start.isAfter(to) && (end == null || !end.isBefore(from));
    }

    FaultWindow closedAt(Instant at) {
        return new FaultWindow(id, kind, target, note, start, at);
    }
}
