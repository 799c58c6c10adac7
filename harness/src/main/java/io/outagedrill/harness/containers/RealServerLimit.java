package io.outagedrill.harness.containers;

/**
 * One step of a scenario that real servers cannot act out: the fault's id and kind as the file writes them, and
 * why, in words a user understands.
 */
public record RealServerLimit(String faultId, String kind, String reason) {
    public String describe() {
        return "%s (%s): %s".formatted(faultId, kind, reason);
    }
}
