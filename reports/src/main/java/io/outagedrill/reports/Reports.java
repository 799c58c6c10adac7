package io.outagedrill.reports;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.reports.model.BaselineCheck;
import io.outagedrill.reports.model.JmhTiming;
import io.outagedrill.reports.model.Report;
import io.outagedrill.reports.model.Threshold;
import io.outagedrill.reports.model.ReportBuilder;
import io.outagedrill.reports.render.HtmlPage;
import io.outagedrill.reports.render.JunitXml;
import io.outagedrill.reports.render.Markdown;
import io.outagedrill.reports.render.ReportJson;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The reports' front door: {@code Reports.write(runs, out)} after {@code drill run} or {@code drill compare}
 * writes the HTML page, the JSON data, the Markdown summary and the JUnit XML into {@code out}.
 */
public final class Reports {
    public static final String HTML = "index.html";
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "summary.md";
    public static final String JUNIT = "junit.xml";

    /** Where each output went, and the report itself (its gate says whether a baseline check failed). */
    public record Written(Path html, Path json, Path markdown, Path junit, Report report) {
    }

    /**
     * A baseline to compare against: a previous report, read from {@code file}, and the relative threshold (0.10 =
     * 10% worse). Read once, where the user's input is checked, so a file that is no report is found before any
     * run and not read again after it.
     */
    public record Baseline(Path file, Report report, double threshold) {
        public Baseline {
            Threshold.check(threshold);
        }

        /** Reads {@code file}; an IOException names it (and the line and column where it is not a report). */
        public static Baseline read(Path file, double threshold) throws IOException {
            return new Baseline(file, ReportJson.read(file), threshold);
        }
    }

    private Reports() {
    }

    /**
     * Writes the report of one drill ({@code runKind} "run", "compare", ...) into {@code resultsDir}'s history (its
     * own folder, listed in the folder's index.html) and returns the HTML page's path: the app's
     * {@link io.outagedrill.harness.run.ReportSink} for {@code drill run} and {@code drill compare}. {@code note}
     * is shown beside the drill: why it ended early (a signal stopped it), null for none.
     */
    public static Path record(String runKind, List<RunResult> runs, Path resultsDir, String note) throws IOException {
        return new ReportHistory(resultsDir, Clock.systemUTC())
                .record(runKind, null, runs, List.of(), note).written().html();
    }

    /** Writes every format into {@code out} and returns the HTML page's path. */
    public static Path write(List<RunResult> runs, Path out) throws IOException {
        return write(runs, out, null, Clock.systemUTC()).html();
    }

    /** @param baseline null for no release gate */
    public static Written write(List<RunResult> runs, Path out, Baseline baseline, Clock clock) throws IOException {
        return write(runs, List.of(), out, baseline, clock);
    }

    /**
     * @param jmh      scenario benchmarks read from JMH's JSON ({@link JmhResults#read}): their per-download
     *                 percentiles are shown beside the run records' (empty for none)
     * @param baseline null for no release gate
     */
    public static Written write(List<RunResult> runs, List<JmhTiming> jmh, Path out, Baseline baseline, Clock clock)
            throws IOException {
        return write(runs, jmh, out, baseline, clock, null);
    }

    /**
     * @param allDrillsHref the results folder's index of drills relative to {@code out}, linked from the page's top;
     *                      null for a report outside the history
     */
    public static Written write(List<RunResult> runs, List<JmhTiming> jmh, Path out, Baseline baseline, Clock clock,
                                String allDrillsHref) throws IOException {
        if (runs.isEmpty()) {
            throw new IOException("no run records to report on (run `drill run NAME` first)");
        }
        Report report = ReportBuilder.build(runs, jmh, clock.instant());
        if (baseline != null) {
            report = report.withGate(Report.Gate.of(baseline.file().toString(), baseline.threshold(),
                    BaselineCheck.compare(baseline.report(), report, baseline.threshold())));
        }
        Files.createDirectories(out);
        Written written = new Written(out.resolve(HTML), out.resolve(JSON), out.resolve(MARKDOWN), out.resolve(JUNIT),
                report);
        HtmlPage.write(report, runs, written.html(), allDrillsHref);
        ReportJson.write(report, written.json());
        AtomicWrite.replace(written.markdown(), Markdown.render(report).getBytes(StandardCharsets.UTF_8));
        JunitXml.write(report, written.junit());
        return written;
    }
}
