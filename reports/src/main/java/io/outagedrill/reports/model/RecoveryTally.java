package io.outagedrill.reports.model;

import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RecoveryRule;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to recover for every fault of the runs, at its start and its clear, by the harness's own
 * {@link RecoveryRule}: the same downloads and the same waits the {@code timeToRecover} verdicts judged.
 */
public final class RecoveryTally {
    private RecoveryTally() {
    }

    public static List<Recovery> of(List<RunResult> runs) {
        // fault id + edge → waits, in the order faults happened; a flapping fault pools its windows
        Map<String, List<RecoveryRule.Wait>> waits = new LinkedHashMap<>();
        for (RunResult run : runs) {
            Map<String, List<FaultWindow>> byFault = new LinkedHashMap<>();
            run.faults().forEach(w -> byFault.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(w));
            byFault.forEach((id, windows) -> {
                for (Slo.Edge edge : Slo.Edge.values()) {
                    if (edge == Slo.Edge.CLEAR && windows.stream().allMatch(w -> w.end() == null)) {
                        continue;
                    }
                    waits.computeIfAbsent(id + "\u0000" + edge.name().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).addAll(RecoveryRule.waits(windows, edge, run.downloads()));
                }
            });
        }
        List<Recovery> out = new ArrayList<>();
        waits.forEach((key, ws) -> {
            String[] parts = key.split("\u0000");
            List<Long> recovered = ws.stream().flatMap(w -> w.took().stream()).map(Duration::toMillis).toList();
            Double mean = recovered.stream().mapToLong(Long::longValue).average().stream().boxed().findFirst()
                    .orElse(null);
            Double worst = recovered.stream().mapToLong(Long::longValue).max().stream().mapToDouble(l -> l).boxed()
                    .findFirst().orElse(null);
            out.add(new Recovery(parts[0], parts[1], ws.size(), ws.size() - recovered.size(), mean, worst));
        });
        return out;
    }

    /**
     * The slowest recovery of any fault edge, or null when a download never recovered: a worst time that leaves
     * out the downloads that never recovered would read better than the verdict, so there is no number then.
     */
    static Double worstRecovery(List<Recovery> recoveries) {
        if (recoveries.stream().anyMatch(r -> r.neverRecovered() > 0)) {
            return null;
        }
        return recoveries.stream().map(Recovery::worstMs).filter(java.util.Objects::nonNull).max(Double::compare)
                .orElse(null);
    }

    /** The group's recovery figure in words, the verdict's own words when a download never recovered. */
    public static String worstInWords(List<Recovery> recoveries) {
        if (recoveries.stream().anyMatch(r -> r.neverRecovered() > 0)) {
            return RecoveryRule.SOME_NEVER;
        }
        return Metric.WORST_RECOVERY.format(worstRecovery(recoveries));
    }
}
