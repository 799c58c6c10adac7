package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.sut.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made run records for tests: times are seconds after {@link #T0}. */
public final class Records {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    public static final long MIB = 1024 * 1024;

    private Records() {
    }

    public static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /**
     * A download of {@code chunks} 1 MiB chunks, evenly spaced from start to end, from the given mirrors in turn, by
     * the reference client (which reports everything, its failovers too).
     */
    public static DownloadRecord download(String id, double start, double end, boolean ok, int failovers,
                                          List<String> mirrors, int chunks) {
        List<DownloadRecord.Sample> progress = new ArrayList<>();
        List<DownloadRecord.ChunkServed> served = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            double t = start + (end - start) * (i + 1) / chunks;
            progress.add(new DownloadRecord.Sample(at(t), (i + 1) * MIB));
            served.add(new DownloadRecord.ChunkServed(at(t), i, mirrors.get(i % mirrors.size())));
        }
        return new DownloadRecord(id, "g", "reference", "adaptive", "f.bin", chunks * MIB, at(start), at(end),
                Duration.ofMillis(Math.round((end - start) * 1000)), ok ? 0 : 1, ok, false, false, 0L, chunks,
                failovers, Duration.ofMillis(100), List.of(), Map.of(), null, progress, served, "", List.of(),
                List.of(), Capability.referenceEvents());
    }

    public static DownloadRecord simple(String id, double seconds, boolean ok, int failovers) {
        return download(id, 0, seconds, ok, failovers, List.of("a.test"), 2);
    }

    public static RunResult run(String scenario, String client, String policy, long seed, List<DownloadRecord> ds,
                                List<SloVerdict> verdicts, List<FaultWindow> faults) {
        return new RunResult(scenario, "desc", client, policy, seed, 1.0, T0, Duration.ofSeconds(60), faults,
                List.of(), ds, verdicts, null);
    }

    public static SloVerdict verdict(String slo, boolean passed) {
        return new SloVerdict(slo, "e", "m", passed, 1, "");
    }
}
