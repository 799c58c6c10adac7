package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recomputes time to recover from progress samples, for every fault of the runs, at its start and its clear. */
public final class RecoveryTally {
    private RecoveryTally() {
    }

    public static List<Recovery> of(List<RunResult> runs) {
        // fault id + edge → recovery times (ms; -1 for never), in the order faults happened
        Map<String, List<Long>> waits = new LinkedHashMap<>();
        for (RunResult run : runs) {
            for (FaultWindow w : run.faults()) {
                collect(waits, w.id() + "\u0000start", w.start(), run.downloads());
                if (w.end() != null) {
                    collect(waits, w.id() + "\u0000clear", w.end(), run.downloads());
                }
            }
        }
        List<Recovery> out = new ArrayList<>();
        waits.forEach((key, times) -> {
            String[] parts = key.split("\u0000");
            List<Long> recovered = times.stream().filter(t -> t >= 0).toList();
            int never = times.size() - recovered.size();
            Double mean = recovered.stream().mapToLong(Long::longValue).average().stream().boxed().findFirst()
                    .orElse(null);
            Double worst = recovered.stream().mapToLong(Long::longValue).max().stream().mapToDouble(l -> l).boxed()
                    .findFirst().orElse(null);
            out.add(new Recovery(parts[0], parts[1], times.size(), never, mean, worst));
        });
        return out;
    }

    private static void collect(Map<String, List<Long>> waits, String key, Instant moment,
                                List<DownloadRecord> downloads) {
        List<Long> times = waits.computeIfAbsent(key, k -> new ArrayList<>());
        for (DownloadRecord d : downloads) {
            if (d.inFlightAt(moment)) {
                Duration took = recoveryAfter(d, moment);
                times.add(took == null ? -1 : took.toMillis());
            }
        }
    }

    /** The harness's own rule (Measurements.recoveryAfter), so the recomputed numbers match its verdicts. */
    static Duration recoveryAfter(DownloadRecord download, Instant moment) {
        for (DownloadRecord.Sample sample : download.progress()) {
            if (!sample.at().isBefore(moment)) {
                return Duration.between(moment, sample.at());
            }
        }
        return download.succeeded() ? Duration.between(moment, download.ended()) : null;
    }
}
