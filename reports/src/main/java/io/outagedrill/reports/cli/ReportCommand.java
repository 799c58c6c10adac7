package io.outagedrill.reports.cli;

import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.reports.JmhResults;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.RunResultsFolder;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.reports.model.JmhTiming;
import io.outagedrill.reports.model.Threshold;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill report}: reads the run records in a results folder and writes the HTML, JSON, Markdown and JUnit XML
 * report; with {@code --baseline} it is also a release gate (exit 1 when a metric got worse beyond the threshold).
 * {@code --run ID} rebuilds one drill's report from its records, {@code --list} lists the drills, {@code --prune N}
 * keeps only the newest N.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the SLO report (HTML with SVG charts, JSON, Markdown, JUnit XML) from run records: "
                + "over every record in the folder, or (--run ID) one drill's, again. --list shows the drills; "
                + "--prune N keeps the newest N.",
                "Exit code 0 when written (and, with --baseline, nothing regressed), 1 when a metric regressed, "
                        + "2 on a usage or input error."})
public final class ReportCommand implements Callable<Integer> {
    static final String DEFAULT_OUT = "target/drill-report";

    @Option(names = "--results", paramLabel = "DIR", converter = FolderConverter.class, defaultValue = "drill-results",
            description = "Folder of run records, searched recursively (default drill-results).")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", converter = FolderConverter.class,
            description = "Where the report goes (default " + DEFAULT_OUT + "; with --run, the run's own folder); "
                    + "never the results folder itself or another drill's folder under its reports/.")
    Path out;

    @Option(names = "--run", paramLabel = "ID", description = "Rebuild one drill's report from its run records "
            + "(IDs: --list, or the folder names under RESULTS/reports).")
    String run;

    @Option(names = "--list", description = "List the drills in the results folder, newest first.")
    boolean list;

    @Option(names = "--prune", paramLabel = "KEEP", description = "Keep the newest KEEP drills: delete the others' "
            + "reports and the run records no kept drill lists, then rewrite index.html.")
    Integer prune;

    @Option(names = "--index", description = "Rewrite RESULTS/index.html and RESULTS/latest from RESULTS/runs.json.")
    boolean index;

    @Option(names = "--jmh", paramLabel = "JMH.json", description = "JMH's JSON from `drill bench` (repeatable): its "
            + "per-download p50/p90/p99/p99.9 are shown beside the run records'.")
    List<Path> jmh = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "PREVIOUS.json",
            description = "A previous report.json: flag every metric that got worse beyond --threshold.")
    Path baseline;

    // No picocli default: null tells "not given" from a given 10%, so a threshold without a baseline is refused.
    @Option(names = "--threshold", paramLabel = "PERCENT",
            description = "With --baseline: how much worse than the baseline a metric may get before it is flagged "
                    + "(default 10%%; \"10%%\", \"10\" and \"0.1\" all mean ten percent).")
    String threshold;

    /** Where what it wrote and the gate's verdict go; tests replace it. */
    PrintStream console = System.out;
    /** Where the reasons it cannot report go, apart from what it wrote (a script keeps the two apart). */
    PrintStream errors = System.err;

    @Override
    public Integer call() throws Exception {
        PrintStream o = console;
        PrintStream e = errors;
        int modes = (run != null ? 1 : 0) + (list ? 1 : 0) + (prune != null ? 1 : 0) + (index ? 1 : 0);
        if (modes > 1) {
            e.println("report: --run, --list, --prune and --index go one at a time");
            return 2;
        }
        if ((list || prune != null || index) && (baseline != null || !jmh.isEmpty())) {
            // These modes write no report: a gate or JMH results the user asked for would be dropped unseen.
            e.println("report: %s writes no report, so %s would be ignored; give it to %s".formatted(
                    list ? "--list" : prune != null ? "--prune" : "--index", baseline != null ? "--baseline" : "--jmh",
                    baseline != null ? "a plain report or --run" : "a plain report"));
            return 2;
        }
        if (threshold != null && baseline == null) {
            // Nothing to compare against: the threshold would be ignored, and a gate the user asked for not run.
            e.println("report: --threshold needs --baseline PREVIOUS.json, the report to compare against; got "
                    + "--threshold " + threshold + " without one");
            return 2;
        }
        String thresholdText = threshold != null ? threshold : Threshold.DEFAULT;
        // Every mode reads the folder: a missing one is the same input error whichever was asked for, not an
        // empty list (--list) or a new, empty folder (--prune, --index create what they write).
        if (!Files.isDirectory(results)) {
            e.println("report: " + RunResultsFolder.missing(results));
            return 2;
        }
        String misplaced = misplacedOut();
        if (misplaced != null) {
            e.println("report: " + misplaced);
            return 2;
        }
        HistoryCommands history = new HistoryCommands(new ReportHistory(results, Clock.systemUTC()), o, e);
        if (list) {
            return history.list();
        }
        if (prune != null) {
            return history.prune(prune);
        }
        if (index) {
            return history.index();
        }
        double limit;
        try {
            limit = Threshold.parse(thresholdText);
        } catch (IllegalArgumentException bad) {
            e.println("report: --threshold: " + bad.getMessage());
            return 2;
        }
        if (baseline != null && Files.isDirectory(baseline)) {
            // It is there, so "no baseline report at" would send the user looking for a file that exists.
            e.println("report: --baseline " + baseline.toAbsolutePath() + " is a folder, not a file; give the "
                    + "report.json an earlier report wrote (such as drill-results/reports/ID/report.json)");
            return 2;
        }
        if (baseline != null && !Files.isRegularFile(baseline)) {
            e.println("report: no baseline report at " + baseline.toAbsolutePath());
            return 2;
        }
        Reports.Baseline gate = null;
        if (baseline != null) {
            try {
                gate = Reports.Baseline.read(baseline, limit); // a file that is no report is the user's input
            } catch (java.io.IOException failed) {
                e.println("report: --baseline " + failed.getMessage());
                return 2;
            }
        }
        if (run != null) {
            if (!jmh.isEmpty()) {
                e.println("report: --jmh is for a report over the whole folder; --run shows the JMH results the "
                        + "drill was recorded with");
                return 2;
            }
            return history.rebuild(run, out, gate, thresholdText);
        }
        RunResultsFolder.Loaded loaded;
        try {
            loaded = RunResultsFolder.read(results);
        } catch (java.io.IOException failed) {
            e.println("report: " + failed.getMessage());
            return 2;
        }
        if (loaded.runs().isEmpty()) {
            e.println("report: no run records under " + results.toAbsolutePath() + " (run `drill run NAME` first)");
            return 2;
        }
        List<JmhTiming> timings;
        try {
            timings = JmhResults.read(jmh);
        } catch (java.io.IOException failed) {
            e.println("report: " + failed.getMessage());
            return 2;
        }
        if (!jmh.isEmpty() && timings.isEmpty()) {
            e.println("report: no scenario benchmark (ScenarioBenchmark.run) in "
                    + String.join(", ", jmh.stream().map(Path::toString).toList()));
        }
        Path to = out != null ? out : Path.of(DEFAULT_OUT);
        Reports.Written w;
        try {
            w = Reports.write(loaded.runs(), timings, to, gate, Clock.systemUTC());
        } catch (java.io.IOException failed) {
            // Exit 1 is the gate's "a metric regressed": a report that could not be written is another matter.
            e.println("report: cannot write the report into " + to.toAbsolutePath() + ": "
                    + io.outagedrill.client.IoErrors.describe(failed));
            return 2;
        }
        return printWritten(o, w, loaded.runs().size(), thresholdText);
    }

    /**
     * Why {@code --out} must not be used, or null: the results folder itself (the report's index.html would replace
     * the list of drills, and its report.json would be refused as a run record by every later report), or a folder
     * under its reports/ other than the rebuilt drill's own (another drill's report would be replaced).
     */
    private String misplacedOut() throws java.io.IOException {
        if (out == null) {
            return null;
        }
        Path to = Files.exists(out) ? out.toRealPath() : out.toAbsolutePath().normalize();
        Path home = results.toRealPath();
        if (to.equals(home)) {
            return "--out " + out + " is the results folder itself: the report's index.html would replace its list "
                    + "of drills, and its report.json would be taken for a run record by the next report; give --out "
                    + "another folder (default " + DEFAULT_OUT + ")";
        }
        Path reports = home.resolve(ReportHistory.REPORTS);
        if (to.startsWith(reports) && !(run != null && to.equals(reports.resolve(run)))) {
            return "--out " + out + " is inside " + reports + ", where each drill keeps its own report, and would "
                    + "replace one; give --out another folder (default " + DEFAULT_OUT + ")";
        }
        return null;
    }

    /** The summary, the gate's verdict and where each file went, the HTML last; returns the exit code. */
    static int printWritten(PrintStream o, Reports.Written w, int records, String threshold) {
        o.printf("%d run record(s), %d scenario(s); resilience score %s%n", records,
                w.report().scenarios().size(), w.report().overallScore() == null ? "–"
                        : String.format(java.util.Locale.ROOT, "%.1f", w.report().overallScore()));
        int exit = 0;
        if (w.report().gate() != null) {
            w.report().gate().regressions().forEach(r -> o.println("REGRESSION " + r.description()));
            w.report().gate().withinNoise().forEach(r -> o.println("within noise (not failing): " + r.description()));
            String shown = Threshold.shown(threshold);
            o.println(w.report().gate().passed() ? "release gate: passed (threshold " + shown + ")"
                    : "release gate: FAILED, " + w.report().gate().regressions().size() + " regression(s) against "
                            + "baseline " + w.report().gate().baseline() + " (threshold " + shown + ")");
            exit = w.report().gate().passed() ? 0 : 1;
        }
        o.println("json: " + w.json().toAbsolutePath());
        o.println("markdown: " + w.markdown().toAbsolutePath());
        o.println("junit: " + w.junit().toAbsolutePath());
        o.println("report: " + w.html().toAbsolutePath());
        return exit;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportCommand()).execute(args));
    }
}
