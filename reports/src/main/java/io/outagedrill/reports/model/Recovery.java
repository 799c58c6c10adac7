package io.outagedrill.reports.model;

/**
 * Time to recover after one edge of one fault, by the harness's {@code RecoveryRule} (the one its timeToRecover SLO
 * judges with): the downloads judged at the edge, how many never progressed again, and the mean and worst wait of
 * the others. A flapping fault pools all its windows.
 *
 * @param judged the downloads the rule judged at this edge (in flight, or started during the fault)
 * @param edge   "start" or "clear"
 * @param worstMs null when no download was in flight or none recovered
 */
public record Recovery(String faultId, String edge, int judged, int neverRecovered, Double meanMs, Double worstMs) {
}
