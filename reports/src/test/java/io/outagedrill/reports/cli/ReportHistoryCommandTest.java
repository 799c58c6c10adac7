package io.outagedrill.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.reports.Reports;
import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.harness.run.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code drill report --list / --run / --prune} over a results folder the run command's sink filled. */
class ReportHistoryCommandTest {
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final ByteArrayOutputStream errored = new ByteArrayOutputStream();

    @TempDir
    Path results;

    int run(String... args) {
        printed.reset();
        errored.reset();
        ReportCommand command = new ReportCommand();
        command.console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.errors = new PrintStream(errored, true, StandardCharsets.UTF_8);
        return new CommandLine(command).execute(args);
    }

    String text() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    String errors() {
        return errored.toString(StandardCharsets.UTF_8);
    }

    /** Writes the sample runs as records and records a drill through the sink, as `drill run` does. */
    Path drill(String tag) throws Exception {
        return drill(tag, null);
    }

    /** {@link #drill(String)} with the note a drill stopped by a signal is recorded with. */
    Path drill(String tag, String note) throws Exception {
        Path dir = Files.createDirectories(results.resolve("blackhole"));
        List<RunResult> runs = new ArrayList<>();
        for (RunResult r : SampleRuns.twoPolicies()) {
            Path file = dir.resolve(r.policy() + "-" + tag + ".json");
            RunResult w = new RunResult(r.scenario(), r.description(), r.client(), r.policy(), r.seed(),
                    r.compress(), r.started(), r.elapsed(), r.faults(), r.notes(), r.downloads(), r.verdicts(), file);
            Files.writeString(file, ReportCommandTest.Json.MAPPER.writeValueAsString(w));
            runs.add(w);
        }
        return Reports.record("run", runs, results, note);
    }

    String onlyRunId() throws Exception {
        try (var ids = Files.list(results.resolve("reports"))) {
            // The drills' folders; reports/index.html sends a report's back link on to the index.
            return ids.filter(Files::isDirectory).map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    @Test
    void theSinkWritesEachDrillIntoItsOwnFolderAndTheIndex() throws Exception {
        Path first = drill("a");
        Path second = drill("b");
        assertThat(first).exists().isNotEqualTo(second);
        assertThat(second).exists();
        assertThat(first.getParent().getParent()).isEqualTo(results.resolve("reports"));
        assertThat(results.resolve("index.html")).exists();
        assertThat(run("--results", results.toString(), "--list")).isZero();
        assertThat(text()).contains(first.getParent().getFileName().toString(),
                second.getParent().getFileName().toString());
    }

    /** --list named the scenarios and clients but not the policies that index.html shows beside them. */
    @Test
    void listNamesTheScenariosClientsAndPoliciesAsTheIndexDoes() throws Exception {
        Path html = drill("a");

        assertThat(run("--results", results.toString(), "--list")).as(text()).isZero();
        assertThat(text().lines().toList()).as("what --list printed").first().asString()
                .startsWith(html.getParent().getFileName().toString())
                .endsWith(" blackhole · reference · parallel,sequential");
        assertThat(Files.readString(results.resolve("index.html"))).as("the index, which --list should agree with")
                .contains("parallel, sequential");
    }

    @Test
    void rebuildsOneRunInItsOwnFolder() throws Exception {
        Path html = drill("a");
        String json = Files.readString(html.resolveSibling("report.json"));
        Files.delete(html);
        assertThat(run("--results", results.toString(), "--run", onlyRunId())).as(text()).isZero();
        assertThat(html).exists();
        assertThat(Files.readString(html.resolveSibling("report.json"))).isEqualTo(json);
        assertThat(text().strip().lines().toList().getLast()).isEqualTo("report: " + html.toAbsolutePath());
    }

    @Test
    void anUnknownRunIsAUsageError() throws Exception {
        drill("a");
        assertThat(run("--results", results.toString(), "--run", "20990101T000000-run-nothing")).isEqualTo(2);
        assertThat(errors()).contains("no run 20990101T000000-run-nothing");
    }

    @Test
    void pruneKeepsTheNewest() throws Exception {
        drill("a");
        Path newest = drill("b");
        assertThat(run("--results", results.toString(), "--prune", "1")).as(text()).isZero();
        assertThat(text()).contains("kept 1 drill(s), removed 1 and 2 run record(s) only they listed");
        assertThat(newest).exists();
        try (var left = Files.list(results.resolve("reports"))) {
            assertThat(left.filter(Files::isDirectory)).containsExactly(newest.getParent());
        }
        assertThat(results.resolve("blackhole/parallel-a.json")).doesNotExist();
        assertThat(results.resolve("blackhole/parallel-b.json")).exists();
    }

    /**
     * A drill a signal stopped is listed with what it recorded and says so, in --list, index.html and runs.json;
     * --prune then removes its records like any drill's. A drill that ran to its end has no note at all.
     */
    @Test
    void aStoppedDrillIsListedWithItsNoteAndPrunedLikeAnyOther() throws Exception {
        String note = "stopped by a signal after 2 run(s) had been recorded";
        drill("a", note);
        Path newest = drill("b");

        assertThat(run("--results", results.toString(), "--list")).as(text()).isZero();
        assertThat(text().lines().filter(l -> l.contains("-run-")).toList()).satisfiesExactly(
                b -> assertThat(b).doesNotContain("stopped"),
                a -> assertThat(a).endsWith(" (" + note + ")"));
        assertThat(Files.readString(results.resolve("index.html"))).contains(note);
        assertThat(Files.readString(results.resolve("runs.json"))).containsOnlyOnce("\"note\"");

        assertThat(run("--results", results.toString(), "--prune", "1")).as(text()).isZero();
        assertThat(results.resolve("blackhole/parallel-a.json")).doesNotExist();
        assertThat(newest).exists();
    }

    @Test
    void aWholeFolderReportPassesOverTheDrillsOwnOutputsQuietly(@TempDir Path whole) throws Exception {
        drill("a");
        assertThat(run("--results", results.toString(), "--out", whole.toString()))
                .as(text()).isZero();
        assertThat(text()).doesNotContain("skipped").contains("2 run record(s)");
    }

    /** drill bench keeps JMH's JSON beside its records and lists it: the drill's own input, not a stray file. */
    @Test
    void aWholeFolderReportPassesOverTheJmhResultsADrillLists(@TempDir Path whole) throws Exception {
        Path dir = Files.createDirectories(results.resolve("records/blackhole"));
        List<RunResult> runs = new ArrayList<>();
        for (RunResult r : SampleRuns.twoPolicies()) {
            Path file = dir.resolve(r.policy() + ".json");
            RunResult w = new RunResult(r.scenario(), r.description(), r.client(), r.policy(), r.seed(),
                    r.compress(), r.started(), r.elapsed(), r.faults(), r.notes(), r.downloads(), r.verdicts(), file);
            Files.writeString(file, ReportCommandTest.Json.MAPPER.writeValueAsString(w));
            runs.add(w);
        }
        Path jmh = Files.copy(Path.of("src/test/resources/jmh/scenario-bench.json"), results.resolve("jmh.json"));
        new ReportHistory(results, Clock.systemUTC()).record("bench", null, runs, List.of(jmh));

        assertThat(run("--results", results.toString(), "--out", whole.toString())).as(text()).isZero();
        assertThat(text()).contains("2 run record(s)");
    }

    /** As a report over the whole folder says it: exit 2, one line, and no folder made by --prune or --index. */
    @Test
    void everyModeRefusesAMissingResultsFolderAlike() {
        Path missing = results.resolve("nothing-here");
        String expected = "report: no results folder at " + missing.toAbsolutePath()
                + " (run `drill run NAME` first, or pass --results DIR)";
        for (List<String> mode : List.of(List.<String>of(), List.of("--list"), List.of("--prune", "3"),
                List.of("--run", "20261203T124501-run-x"), List.of("--index"))) {
            List<String> args = new ArrayList<>(List.of("--results", missing.toString()));
            args.addAll(mode);
            assertThat(run(args.toArray(String[]::new))).as("exit code of %s; it printed: %s", mode, errors())
                    .isEqualTo(2);
            assertThat(errors().strip()).as("what %s printed", mode).isEqualTo(expected);
            assertThat(missing).as("after %s", mode).doesNotExist();
        }
    }

    /**
     * A folder that is there but holds no drill history (a mistyped --results naming a web site's folder): --index
     * and --prune replaced its index.html with an empty list of drills and left a runs.json. Refused, nothing written.
     */
    @Test
    void indexAndPruneRefuseAFolderWithNoHistoryAndChangeNothingThere(@TempDir Path site) throws Exception {
        Path page = Files.writeString(site.resolve("index.html"), "<h1>my own site</h1>");
        for (List<String> mode : List.of(List.of("--index"), List.of("--prune", "3"))) {
            List<String> args = new ArrayList<>(List.of("--results", site.toString()));
            args.addAll(mode);
            assertThat(run(args.toArray(String[]::new))).as("exit code of %s; it printed: %s", mode, errors())
                    .isEqualTo(2);
            assertThat(errors()).as("what %s printed", mode).startsWith("report: " + mode.getFirst()
                    + ": no drills recorded in " + site.toAbsolutePath() + " (no runs.json)");
            assertThat(Files.readString(page)).as("the folder's own index.html after %s", mode)
                    .isEqualTo("<h1>my own site</h1>");
            try (var files = Files.list(site)) {
                assertThat(files).as("what is in the folder after %s", mode).containsExactly(page);
            }
        }
    }

    /**
     * A report written into the results folder itself would replace the list of drills with itself and leave a
     * report.json every later report refuses as a run record; one under reports/ would replace another drill's
     * report. Both are refused before anything is written. A drill rebuilt into its own folder is what --run does.
     */
    @Test
    void outIsNeverTheResultsFolderOrAnotherDrillsReport() throws Exception {
        drill("a");
        String id = onlyRunId();
        Path own = results.resolve("reports").resolve(id);
        String index = Files.readString(results.resolve("index.html"));
        String report = Files.readString(own.resolve("report.json"));
        for (List<String> args : List.of(List.of("--out", results.toString()),
                List.of("--run", id, "--out", results.toString()),
                List.of("--out", own.toString()),
                List.of("--run", id, "--out", results.resolve("reports/other").toString()))) {
            List<String> all = new ArrayList<>(List.of("--results", results.toString()));
            all.addAll(args);
            assertThat(run(all.toArray(String[]::new))).as("exit code of %s; it printed: %s", args, errors())
                    .isEqualTo(2);
            assertThat(errors()).as("what %s printed", args).startsWith("report: --out ")
                    .contains("give --out another folder (default target/drill-report)");
            assertThat(Files.readString(results.resolve("index.html"))).as("the list of drills after %s", args)
                    .isEqualTo(index);
            assertThat(Files.readString(own.resolve("report.json"))).as("the drill's report after %s", args)
                    .isEqualTo(report);
            assertThat(results.resolve("report.json")).as("after %s", args).doesNotExist();
            assertThat(results.resolve("reports/other")).as("after %s", args).doesNotExist();
        }
        assertThat(run("--results", results.toString(), "--run", id, "--out", own.toString())).as(text()).isZero();
        assertThat(run("--results", results.toString(), "--list")).as("the folder still reads: %s", text())
                .isZero();
    }

    /**
     * A script reads what was written from stdout: every reason it could not report goes to stderr instead, with
     * the same exit code, whether the command itself, a history mode or the writing refused; and a report or a list
     * says nothing on stderr.
     */
    @Test
    void errorsGoToStderrAndStdoutStaysEmpty(@TempDir Path elsewhere) throws Exception {
        drill("a");
        Path file = Files.writeString(elsewhere.resolve("a-file"), "not a folder");
        for (List<String> args : List.of(List.of("--results", results.resolve("nothing-here").toString()),
                List.of("--results", results.toString(), "--run", "20990101T000000-run-nothing"),
                List.of("--results", results.toString(), "--prune", "-1"),
                List.of("--results", results.toString(), "--out", file.resolve("out").toString()))) {
            int exit = run(args.toArray(String[]::new));
            assertThat(exit).as("exit code of %s; stderr: %s", args, errors()).isEqualTo(2);
            assertThat(text()).as("stdout of %s, which failed", args).isEmpty();
            assertThat(errors()).as("stderr of %s", args).startsWith("report: ").endsWith(System.lineSeparator())
                    .hasLineCount(1);
        }
        for (List<String> args : List.of(List.of("--results", results.toString(), "--list"),
                List.of("--results", results.toString(), "--out", elsewhere.resolve("out").toString()))) {
            assertThat(run(args.toArray(String[]::new))).as("exit code of %s; stderr: %s", args, errors()).isZero();
            assertThat(errors()).as("stderr of %s, which succeeded", args).isEmpty();
            assertThat(text()).as("stdout of %s", args).isNotEmpty();
        }
    }

    @Test
    void modesGoOneAtATime() {
        assertThat(run("--results", results.toString(), "--list", "--prune", "1")).isEqualTo(2);
        assertThat(errors()).contains("one at a time");
    }
}
