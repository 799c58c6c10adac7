package io.outagedrill.reports.model;

/**
 * Time to recover after one edge of one fault, recomputed from the downloads' progress samples: for every download
 * in flight at the fault's start (or clear), the wait until its next verified chunk (or its successful end, for
 * downloaders that report no chunks). A flapping fault pools all its windows.
 *
 * @param edge   "start" or "clear"
 * @param worstMs null when no download was in flight or none recovered
 */
public record Recovery(String faultId, String edge, int judged, int neverRecovered, Double meanMs, Double worstMs) {
}
