package io.outagedrill.reports.svg;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.model.Records;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that reports no progress gets a chart that says so, not a flat line on an axis of zeros. */
class NoDataChartTest {

    /** What aria2c's records look like: start, end and exit code, no samples, no chunks. */
    static RunResult silentRun() {
        DownloadRecord d = new DownloadRecord("c-0", "g", "aria2c", "default", "f.bin", Records.MIB, Records.at(0),
                Records.at(12), Duration.ofSeconds(12), 0, true, false, false, null, 1, 0, null, List.of(), Map.of(),
                null, List.of(), List.of(), "");
        return Records.run("blackhole", "aria2c", "default", 1, List.of(d), List.of(), List.of());
    }

    @Test
    void throughputOfASilentClientSaysSoInWords() {
        String svg = ThroughputChart.draw(silentRun());
        assertThat(svg).contains("aria2c reports no verified bytes over time")
                .doesNotContain("<polyline").doesNotContain("MiB/s verified");
    }

    @Test
    void timelineOfASilentClientSaysSoInWords() {
        assertThat(ChunkTimeline.draw(silentRun())).contains("aria2c reports no per-chunk progress");
    }

    @Test
    void aClientThatReportsProgressStillGetsItsLineAndNoNote() {
        RunResult run = Records.run("blackhole", "reference", "adaptive", 1,
                List.of(Records.download("c-0", 0, 10, true, 0, List.of("a.test"), 4)), List.of(), List.of());
        assertThat(ThroughputChart.draw(run)).contains("<polyline").contains("MiB/s verified")
                .doesNotContain("no-data");
        assertThat(ChunkTimeline.draw(run)).doesNotContain("no-data");
    }
}
