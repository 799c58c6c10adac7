package io.outagedrill.reports;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.reports.model.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two policies on the same scenario and seed, with a fault window, a corrupt chunk, a switch and a failed download:
 * every chart and table has something to show.
 */
public final class SampleRuns {
    private SampleRuns() {
    }

    public static List<RunResult> twoPolicies() {
        FaultWindow cut = new FaultWindow("cf-blackhole", "toxic.timeout", "cloudflare", "a <test> note",
                Records.at(4), Records.at(9));
        return List.of(run("parallel", 1.0, cut), run("sequential", 1.6, cut));
    }

    /**
     * What a client that reports no progress leaves (aria2c): each download's start, end and exit code, no progress
     * samples, no chunks, no switches.
     */
    public static RunResult silentClient() {
        List<DownloadRecord> ds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ds.add(new DownloadRecord("c-" + i, "g", "aria2c", "default", "f.bin", 8 * Records.MIB, Records.at(i),
                    Records.at(12 + i), java.time.Duration.ofSeconds(12), 0, true, false, false, null, 1, 0, null,
                    List.of(), Map.of(), null, List.of(), List.of(), ""));
        }
        return new RunResult("primary-blackhole-mid-transfer", "The primary CDN stops mid-transfer.", "aria2c",
                "default", 7, 1.0, Records.T0, java.time.Duration.ofSeconds(20), List.of(new FaultWindow(
                "cf-blackhole", "toxic.timeout", "cloudflare", "", Records.at(4), Records.at(9))), List.of(), ds,
                List.of(new SloVerdict("corruptFilesAccepted 0", "at most 0", "0", true, 3, "")), null);
    }

    static RunResult run(String policy, double slow, FaultWindow fault) {
        List<DownloadRecord> ds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DownloadRecord d = Records.download("c-" + i, i * 0.5, (10 + i) * slow, true, i == 0 ? 1 : 0,
                    List.of("cloudflare.test", "fastly.test"), 8);
            if (i == 0) {
                d = new DownloadRecord(d.id(), d.group(), d.client(), policy, d.file(), d.size(), d.started(),
                        d.ended(), d.elapsed(), 0, true, false, false, 1024L * 1024, 9, 1, d.timeToFirstByte(),
                        List.of(new DownloadRecord.MirrorSwitch(d.chunks().get(1).at().minusMillis(200),
                                "cloudflare.test", "fastly.test", 1, "cloudflare.test: no data for 2000 ms mid-chunk")),
                        Map.of("fastly.test", 1), null, d.progress(), d.chunks(), "");
            }
            ds.add(d);
        }
        ds.add(Records.download("c-failed", 1, 20, false, 3, List.of("fastly.test"), 2));
        List<SloVerdict> verdicts = List.of(
                new SloVerdict("corruptFilesAccepted 0", "at most 0", "0", true, 5, ""),
                new SloVerdict("completeWithin 80% in 15 s", "at least 80%", "x", slow < 1.5, 5,
                        slow < 1.5 ? "" : "c-3 took 20.8 s"),
                new SloVerdict("timeToRecover 5.00 s after cf-blackhole start", "within 5.00 s", "worst 1 s", true, 4,
                        ""));
        return new RunResult("blackhole", "The primary CDN <b>stops</b> mid-transfer.", "reference", policy, 42, 1.0,
                Records.T0, java.time.Duration.ofSeconds(30), List.of(fault), List.of(), ds, verdicts, null);
    }
}
