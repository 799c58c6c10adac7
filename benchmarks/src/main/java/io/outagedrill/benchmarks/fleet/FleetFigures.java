package io.outagedrill.benchmarks.fleet;

/**
 * What one fleet run cost, as the child JVM measured it. Heap figures in MiB; per-client figures are the live heap
 * above the baseline (topology up, no client yet) divided by the clients.
 *
 * @param wallSeconds   the scenario run, topology start to the last record
 * @param cpuSeconds    CPU time of the whole JVM (fakes, proxy and clients alike) over the run
 * @param peakUsedMiB   most heap in use at any sample (garbage included): what {@code -Xmx} must hold
 * @param afterGcMiB    most heap in use right after any collection (a young one leaves old garbage in place, so
 *                      this is an upper bound of what was live)
 * @param peakLiveMiB   most live heap (after a full collection) among the probes: every client started, and the
 *                      fleet at a quarter, half and three quarters of its bytes
 * @param baselineMiB   live heap with the topology up and no client started
 * @param idleMiB       live heap once every client had started, before the fleet had 5% of its bytes (clients
 *                      fetching manifests and connecting); -1 when the fleet was past that before all started
 * @param idleMissing   why {@code idleMiB} is -1, in words for the table's footnote; empty when it was measured
 * @param midMiB        live heap when the fleet had half of its bytes
 * @param passed        every SLO held and no limit was hit
 * @param load          the machine's one-minute load average at the start and the end, "a → b"
 */
public record FleetFigures(int clients, long heapMaxMiB, double wallSeconds, double cpuSeconds, long peakUsedMiB,
                           long afterGcMiB, long peakLiveMiB, long baselineMiB, long idleMiB, String idleMissing,
                           long midMiB, int succeeded,
                           double p50Seconds, double p90Seconds, double p99Seconds, double maxSeconds,
                           int slosHeld, int slos, boolean passed, String limitHit, int peakThreads, String load) {

    /** KiB of live heap per client above the baseline at {@code liveMiB}, or -1 when not measured. */
    public long perClientKiB(long liveMiB) {
        return liveMiB < 0 || clients == 0 ? -1 : Math.max(0, (liveMiB - baselineMiB) * 1024 / clients);
    }
}
