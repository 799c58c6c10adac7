package io.outagedrill.reports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.model.Threshold;
import io.outagedrill.reports.render.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final ByteArrayOutputStream errored = new ByteArrayOutputStream();

    int run(String... args) {
        ReportCommand command = new ReportCommand();
        command.console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.errors = new PrintStream(errored, true, StandardCharsets.UTF_8);
        return new CommandLine(command).execute(args);
    }

    String errors() {
        return errored.toString(StandardCharsets.UTF_8);
    }

    static void writeRuns(Path results) throws Exception {
        Path dir = Files.createDirectories(results.resolve("blackhole"));
        int i = 0;
        for (var run : SampleRuns.twoPolicies()) {
            // The harness's own mapper (via RunRecords) must read what we write: use a plain Jackson round trip.
            Files.writeString(dir.resolve("run-" + i++ + ".json"), Json.MAPPER.writeValueAsString(run));
        }
    }

    @Test
    void writesTheReportAndPrintsItsPathLast(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text.strip().lines().toList().getLast())
                .isEqualTo("report: " + tmp.resolve("out/index.html").toAbsolutePath());
    }

    /**
     * JSON that is no run record (a note, a record cut short, an array) is refused by name, saying what a run record
     * is, before anything is written: left out quietly, it would make the report look complete when it is not.
     */
    @Test
    void jsonThatIsNoRunRecordIsRefusedByNameAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path results = tmp.resolve("results");
        writeRuns(results);
        Path notes = Files.writeString(results.resolve("blackhole/notes.json"), "{\"hello\": 1}");
        Path cut = Files.writeString(results.resolve("blackhole/cut-short.json"), "{\"scenario\": \"blackhole\",\n");
        Path list = Files.writeString(results.resolve("list.json"), "[1, 2]");

        int exit = run("--results", results.toString(), "--out", tmp.resolve("out").toString());

        String text = errors();
        assertThat(exit).as("exit code; it printed: %s", text).isEqualTo(2);
        assertThat(text).startsWith("report: 3 JSON files under " + results.toAbsolutePath()
                        + " are not run records:")
                .contains("  " + notes + ": it has no \"scenario\", \"client\", \"started\", \"faults\", \"notes\", "
                        + "\"downloads\", \"verdicts\"")
                .contains("  " + cut + ": not JSON at line 2, column 1")
                .contains("  " + list + ": JSON, but not an object: array")
                .contains("A run record is the JSON file `drill run` writes for each scenario run")
                .contains("no report was written")
                .doesNotContain("Cannot invoke").doesNotContain("RunResult").doesNotContain("java.");
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    @Test
    void takesJmhTimingsFromJmhJson(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", "src/test/resources/jmh/scenario-bench.json");
        assertThat(exit).isZero();
        // The fixture benchmarked slow-primary, which these records do not have: listed apart, not dropped.
        assertThat(Files.readString(tmp.resolve("out/index.html"))).contains("JMH results without run records");
        assertThat(Files.readString(tmp.resolve("out/summary.md")))
                .contains("| slow-primary | reference / parallel (no run records) | JMH |");
        assertThat(Files.readString(tmp.resolve("out/report.json"))).contains("\"jmhUnmatched\"");
    }

    /** Exit 1 is the gate's "a metric regressed": an output folder that cannot be made is said, with exit 2. */
    @Test
    void aReportThatCannotBeWrittenIsNamedWithExit2NotAStackTrace(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");

        int exit = run("--results", tmp.resolve("results").toString(), "--out", file.resolve("out").toString());

        String text = errors();
        assertThat(exit).as("exit code; it printed: %s", text).isEqualTo(2);
        assertThat(text).startsWith("report: cannot write the report into " + file.resolve("out").toAbsolutePath()
                + ": ").doesNotContain("Exception\n\tat ");
    }

    /** A --jmh file that is not there, or a folder in its place, is said to be what it is, with exit 2. */
    @Test
    void aMissingJmhFileOrAFolderIsAUsageErrorThatSaysWhichItIs(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path none = tmp.resolve("nope.json");
        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", none.toString());
        assertThat(exit).as("exit code; stderr: %s", errors()).isEqualTo(2);
        assertThat(errors()).isEqualTo("report: no JMH results at " + none.toAbsolutePath() + ": no such file"
                + System.lineSeparator());

        errored.reset();
        Path folder = Files.createDirectories(tmp.resolve("drill-bench"));
        exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", folder.toString());
        assertThat(exit).as("exit code; stderr: %s", errors()).isEqualTo(2);
        assertThat(errors()).isEqualTo("report: no JMH results at " + folder.toAbsolutePath() + ": it is a folder, "
                + "not a file; give the JSON file JMH wrote (-rf json), such as drill bench's drill-bench/jmh.json"
                + System.lineSeparator());
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    /**
     * JMH's JSON with no scenario benchmark in it is said on stderr, and the report is written without JMH's rows:
     * the files were named as a Java list ("in [a.json, b.json]").
     */
    @Test
    void jmhFilesWithoutAScenarioBenchmarkAreNamedOneByOne(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path first = Files.writeString(tmp.resolve("a.json"), "[]");
        Path second = Files.writeString(tmp.resolve("b.json"), "[]");

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", first.toString(), "--jmh", second.toString());

        assertThat(exit).as("exit code; stderr: %s", errors()).isZero();
        assertThat(errors()).isEqualTo("report: no scenario benchmark (ScenarioBenchmark.run) in " + first + ", "
                + second + System.lineSeparator());
        assertThat(tmp.resolve("out/index.html")).as("the report, written all the same").exists();
    }

    /** JMH's JSON cut short or hand-edited is named with the line and column, as a baseline's is. */
    @Test
    void aCorruptJmhFileIsNamedWithLineAndColumn(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path broken = Files.writeString(tmp.resolve("jmh.json"), "[\n  {\"benchmark\": }\n]");

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", broken.toString());

        assertThat(exit).as("exit code; stderr: %s", errors()).isEqualTo(2);
        assertThat(errors()).startsWith("report: " + broken + ":2:17: not JMH JSON (Unexpected character ('}'")
                .hasLineCount(1);
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    /**
     * A scenario benchmark run in throughput mode (ops/s) is the file's problem, said in one line with exit 2 like
     * the file's other problems; it used to end in a stack trace ("not a JMH time unit: ops/s").
     */
    @Test
    void aThroughputJmhResultIsAnInputErrorThatNamesTheFileTheBenchmarkAndTheUnit(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path throughput = Path.of("src/test/resources/jmh/throughput.json");

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", throughput.toString());

        assertThat(exit).as("exit code; stderr: %s", errors()).isEqualTo(2);
        assertThat(errors()).isEqualTo("report: " + throughput + ": benchmark io.outagedrill.benchmarks."
                + "ScenarioBenchmark.run (mode thrpt) has its score in ops/s, not a time per run (s/op, ms/op, us/op, "
                + "ns/op); the report reads scenario benchmarks as drill bench runs them, single-shot (-bm ss)"
                + System.lineSeparator());
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    /**
     * A scenario benchmark run in average-time mode (s/op, but runs looped for a fixed time) was shown as if
     * single-shot, its iterations counted as runs; it is refused like a throughput, naming the mode.
     */
    @Test
    void anAverageTimeJmhResultIsAnInputErrorThatNamesTheFileTheBenchmarkAndTheMode(@TempDir Path tmp)
            throws Exception {
        writeRuns(tmp.resolve("results"));
        Path averageTime = Path.of("src/test/resources/jmh/avgt.json");

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--jmh", averageTime.toString());

        assertThat(exit).as("exit code; stderr: %s", errors()).isEqualTo(2);
        assertThat(errors()).isEqualTo("report: " + averageTime + ": benchmark io.outagedrill.benchmarks."
                + "ScenarioBenchmark.run (mode avgt) looped scenario runs for a fixed time and JMH's JSON does not say "
                + "how many it ran, so its measured runs cannot be counted; the report reads scenario benchmarks as "
                + "drill bench runs them, single-shot (-bm ss)" + System.lineSeparator());
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    /** A report of the sample runs as fast.json, twice as fast as they are: a baseline they regress against. */
    Path fasterBaseline(Path tmp) throws Exception {
        run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("before").toString());
        // Halve the baseline's p50 and every download's time it rests on: today's run is then twice as slow.
        var faster = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("before/report.json")
                .toFile());
        for (String field : List.of("p50", "completionMs")) {
            faster.findParents(field).forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n)
                    .put(field, n.get(field).asDouble() / 2));
        }
        printed.reset();
        return Files.writeString(tmp.resolve("fast.json"), faster.toString());
    }

    @Test
    void aRegressionFailsTheGate(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        fasterBaseline(tmp);
        var base = ReportJson.read(tmp.resolve("before/report.json"));
        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("after").toString(),
                "--baseline", tmp.resolve("fast.json").toString(), "--threshold", "25%");
        assertThat(base.scenarios()).isNotEmpty();
        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("REGRESSION blackhole · reference · parallel: "
                + "Completion time p50 got worse by 100%").contains("release gate: FAILED");
    }

    /** A failed gate in a CI log names the baseline it failed against: which report.json to look at, or renew. */
    @Test
    void aFailedGateNamesItsBaseline(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path baseline = fasterBaseline(tmp);

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("after").toString(),
                "--baseline", baseline.toString());

        assertThat(exit).as("exit code; it printed: %s", printed).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("release gate:")))
                .singleElement().asString().startsWith("release gate: FAILED, ")
                .endsWith(" regression(s) against baseline " + baseline + " (threshold 10%)");
    }

    /** A baseline that is no report is the user's input (exit 2), not a regression (exit 1) or a stack trace. */
    @Test
    void aBaselineThatIsNoReportIsAUsageErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"scenarios\": [\n  {\"name\": }\n]}");
        Path other = Files.writeString(tmp.resolve("other.json"), "{\"foo\": 1}");

        int brokenExit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("a").toString(),
                "--baseline", broken.toString());
        String brokenSaid = errors();
        errored.reset();
        int otherExit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("b").toString(),
                "--baseline", other.toString());

        assertThat(brokenExit).as("exit code for a baseline that is not JSON; it printed: %s", brokenSaid)
                .isEqualTo(2);
        assertThat(brokenSaid).contains("report: --baseline " + broken + ":2:").contains("not a report's JSON");
        assertThat(otherExit).as("exit code for JSON that is no report").isEqualTo(2);
        assertThat(errors()).contains(other + ": not a report written by drill "
                + "report (it has no \"scenarios\")");
        assertThat(tmp.resolve("a")).as("no report written").doesNotExist();
    }

    /** A folder given as the baseline is there: said so, not "no baseline report", which sends the user looking. */
    @Test
    void aBaselineThatIsAFolderIsAUsageErrorSayingSo(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path folder = Files.createDirectories(tmp.resolve("previous"));

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("a").toString(),
                "--baseline", folder.toString());

        assertThat(exit).as("exit code for a baseline that is a folder; it printed: %s", errors()).isEqualTo(2);
        assertThat(errors()).as("what drill report said about --baseline %s", folder)
                .contains("report: --baseline " + folder.toAbsolutePath() + " is a folder, not a file")
                .doesNotContain("no baseline report");
        assertThat(tmp.resolve("a")).as("no report written").doesNotExist();
    }

    @Test
    void missingResultsIsAUsageError(@TempDir Path tmp) {
        assertThat(run("--results", tmp.resolve("nothing").toString())).isEqualTo(2);
        assertThat(errors()).contains("no results folder at");
    }

    @Test
    void thresholdSpellings() {
        assertThat(Threshold.parse("10%")).isEqualTo(0.10);
        assertThat(Threshold.parse("10")).as("a bare number above 1 is percent").isEqualTo(0.10);
        assertThat(Threshold.parse("0.1")).isEqualTo(0.1);
        assertThat(Threshold.parse("1")).as("1 is one percent, not a fraction of 1").isEqualTo(0.01);
        assertThat(Threshold.parse(" 2.5 % ")).isEqualTo(0.025);
        assertThatThrownBy(() -> Threshold.parse("ten")).hasMessage("expected a percentage such as 10%, got 'ten'");
        assertThatThrownBy(() -> Threshold.parse("-5%")).hasMessage("expected 0% or more, got '-5%'");
        // Forms Double.parseDouble takes that no one writes a percentage in.
        for (String javaOnly : List.of("NaN", "10f", "0x1p3", "1e1", "Infinity", "10d%")) {
            assertThatThrownBy(() -> Threshold.parse(javaOnly)).as(javaOnly)
                    .hasMessage("expected a percentage such as 10%, got '" + javaOnly + "'");
        }
        assertThat(Threshold.parse(".5%")).isEqualTo(0.005);
    }

    /** 0.99 and 1 sit either side of the rule (99% and 1%): the verdict says how a bare number was read. */
    @Test
    void theVerdictShowsTheThresholdAsTheGateReadIt() {
        assertThat(Threshold.shown("10%")).isEqualTo("10%");
        assertThat(Threshold.shown("0.99")).isEqualTo("99% (0.99 read as a fraction)");
        assertThat(Threshold.shown("1")).isEqualTo("1% (1 read as percent)");
        assertThat(Threshold.shown(" 12.5 ")).isEqualTo("12.5% (12.5 read as percent)");
    }

    @Test
    void aWrongThresholdIsAUsageErrorNamingTheOption(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));

        int exit = run("--results", tmp.resolve("results").toString(), "--baseline",
                tmp.resolve("previous.json").toString(), "--threshold", "ten");

        assertThat(exit).isEqualTo(2);
        assertThat(errors())
                .contains("report: --threshold: expected a percentage such as 10%, got 'ten'");
    }

    /** A threshold has nothing to apply to without a baseline: refused, not ignored, and no report written. */
    @Test
    void aThresholdWithoutABaselineIsAUsageError(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("out").toString(),
                "--threshold", "5%");

        assertThat(exit).as("exit code; it printed: %s", errors()).isEqualTo(2);
        assertThat(errors().strip()).isEqualTo("report: --threshold needs "
                + "--baseline PREVIOUS.json, the report to compare against; got --threshold 5% without one");
        assertThat(tmp.resolve("out")).as("no report written").doesNotExist();
    }

    /** Without --threshold the gate still has its 10%, and says so. */
    @Test
    void aBaselineWithoutAThresholdGatesAtTenPercent(@TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("before").toString());
        printed.reset();

        int exit = run("--results", tmp.resolve("results").toString(), "--out", tmp.resolve("after").toString(),
                "--baseline", tmp.resolve("before/report.json").toString());

        assertThat(exit).as("exit code; it printed: %s", printed).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("release gate: passed (threshold 10%)");
    }

    /** The default is in the help's words, not picocli's, now that the option has none of its own. */
    @Test
    void theHelpSaysTheThresholdsDefault() {
        StringWriter help = new StringWriter();
        ReportCommand command = new ReportCommand();
        new CommandLine(command).setOut(new java.io.PrintWriter(help)).execute("--help");
        assertThat(help.toString()).contains("With --baseline: how much worse").contains("(default 10%;");
    }

    /** A mapper configured like the harness's (ISO times and durations). */
    static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind
                .ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    /** A mode that writes no report would drop a gate or JMH results unseen: refused, naming both. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "--list||--baseline|report: --list writes no report, so --baseline would be ignored; give it to a plain report or --run",
        "--prune|3|--baseline|report: --prune writes no report, so --baseline would be ignored",
        "--index||--jmh|report: --index writes no report, so --jmh would be ignored; give it to a plain report"})
    void aModeThatWritesNoReportRefusesAGateOrJmh(String mode, String modeValue, String extra, String message,
                                                  @TempDir Path tmp) throws Exception {
        writeRuns(tmp.resolve("results"));
        Path file = Files.writeString(tmp.resolve("x.json"), "{}");
        List<String> args = new java.util.ArrayList<>(List.of("--results", tmp.resolve("results").toString(), mode));
        if (modeValue != null) {
            args.add(modeValue);
        }
        args.addAll(List.of(extra, file.toString()));

        int exit = run(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(errors()).contains(message);
    }
}
