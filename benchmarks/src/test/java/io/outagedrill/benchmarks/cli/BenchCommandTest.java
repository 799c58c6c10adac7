package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.RunResultsFolder;
import io.outagedrill.benchmarks.ScenarioBenchmark;
import io.outagedrill.fakes.TempTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The quick profile end to end, as `drill bench` runs it: JMH forks a JVM per benchmark, each operation is a whole
 * scenario run, and the JSON carries per-download percentiles that agree with the run records; the report shows
 * both. One small scenario × two policies × 2 clients × 2 measured runs (about 20 s). A client that is not
 * installed is skipped with a message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Started among the first (the module runs its classes at once, longest first): about 22 s, which started last
// would end the module alone.
@Order(1)
class BenchCommandTest {
    static final String SCENARIO = "malicious-mirror-corrupts-every-chunk";
    static final Path OUT = Path.of("target/bench-command-test");

    int exit;
    List<String> lines;
    JsonNode jmh;

    @BeforeAll
    void bench() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        BenchCommand command = new BenchCommand();
        command.console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        exit = new CommandLine(command).execute("--quick", "--warmups", "0", "--silent", "--scenarios", SCENARIO,
                "--policies", "parallel,sequential", "--clients", "reference,cmd:no-such-downloader-0xd1 -o {output} {urls}",
                "--scenario-dir", "../scenarios", "--out", OUT.toString());
        lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        Path json = OUT.resolve("jmh.json");
        jmh = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
    }

    @Test
    void writesJmhJsonWithOneScenarioBenchmarkPerPolicy() {
        assertThat(exit).as(String.join("\n", lines)).isZero();
        assertThat(jmh).isNotNull();
        assertThat(jmh).hasSize(2);
        List<String> policies = new ArrayList<>();
        for (JsonNode b : jmh) {
            assertThat(b.path("benchmark").asText()).isEqualTo(ScenarioBenchmark.class.getName() + ".run");
            assertThat(b.path("mode").asText()).isEqualTo("ss");
            assertThat(b.path("measurementIterations").asInt()).isEqualTo(2);
            assertThat(b.path("params").path("scenario").asText()).isEqualTo(SCENARIO);
            assertThat(b.path("params").path("clients").asText()).isEqualTo("2");
            policies.add(b.path("params").path("policy").asText());
            assertThat(b.path("primaryMetric").path("scoreUnit").asText()).isEqualTo("s/op");
            assertThat(b.path("primaryMetric").path("score").asDouble()).isPositive();
            JsonNode download = b.path("secondaryMetrics").path("download");
            assertThat(download.path("scoreUnit").asText()).isEqualTo("ms/op");
            for (String p : List.of("50.0", "90.0", "99.0", "99.9")) {
                assertThat(download.path("scorePercentiles").path(p).isNumber()).as(p).isTrue();
                assertThat(download.path("scorePercentiles").path(p).asDouble()).as(p).isPositive();
            }
            // 2 clients × 2 measured runs (no warm-up here, to keep the test short).
            assertThat(b.path("secondaryMetrics").path("download.count").path("score").asDouble()).isEqualTo(4);
        }
        assertThat(policies).containsExactlyInAnyOrder("parallel", "sequential");
    }

    @Test
    void jmhPercentilesAreThoseOfTheRecordedDownloads() throws Exception {
        // The run records of the measured runs are kept; JMH's percentiles must be theirs (same samples, JMH's
        // interpolation at p × (n + 1), its histogram rounding each sample down by at most ~0.2%).
        List<RunResult> runs = RunResultsFolder.read(OUT.resolve("records")).runs();
        assertThat(runs).hasSize(4);
        Map<String, List<Double>> byPolicy = new TreeMap<>();
        runs.forEach(r -> r.downloads().stream().filter(DownloadRecord::succeeded).forEach(d -> byPolicy
                .computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(d.elapsed().toNanos() / 1e6)));
        for (JsonNode b : jmh) {
            List<Double> ms = byPolicy.get(b.path("params").path("policy").asText()).stream().sorted().toList();
            JsonNode p = b.path("secondaryMetrics").path("download").path("scorePercentiles");
            for (double rank : new double[] {50, 90, 99, 99.9}) {
                double expected = interpolated(ms, rank);
                assertThat(p.path(String.valueOf(rank)).asDouble()).as("p" + rank)
                        .isCloseTo(expected, within(expected * 0.003));
            }
        }
    }

    @Test
    void aMisspeltPolicyOrClientIsRefusedBeforeAnyJvmForks() {
        for (List<String> args : List.of(List.of("--policies", "parallel,paralel"), List.of("--clients", "wget"))) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            BenchCommand command = new BenchCommand();
            command.console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            command.errors = command.console;
            List<String> all = new ArrayList<>(List.of("--quick", "--scenarios", SCENARIO, "--scenario-dir",
                    "../scenarios", "--out", OUT.resolve("refused").toString()));
            all.addAll(args);

            int refused = new CommandLine(command).execute(all.toArray(String[]::new));

            String printed = buffer.toString(StandardCharsets.UTF_8);
            assertThat(refused).as("exit code for %s; printed:%n%s", args, printed).isEqualTo(2);
            assertThat(printed).as("for %s", args).startsWith(args.getFirst().equals("--policies")
                    ? "bench: --policies: unknown policy 'paralel' for reference"
                    : "bench: --clients: unknown client 'wget'");
        }
        assertThat(OUT.resolve("refused")).as("nothing benchmarked").doesNotExist();
    }

    /**
     * As drill compare's: a cmd: template with a comma was cut there and its tail refused as an unknown client, so
     * such a template could not be benchmarked at all, and one in double quotes was refused whole as a client
     * named '"cmd:...'.
     */
    @Test
    void takesACmdTemplateWithACommaQuotedWholeAndSaysHowWhenItIsCut() throws Exception {
        assertRefusedBeforeAnyJvmForks("refused-clients", Map.of(
                List.of("--quick", "--clients", "reference,cmd:sh --x=a,b {urls}"),
                "bench: --clients: unknown client 'b {urls}'; expected one of reference, reference-cli, aria2c, curl, "
                        + "cmd:...; if it is the rest of the cmd: template before it, cut at its comma, quote that "
                        + "template whole: --clients 'reference,\"cmd:my-dl --x=a,b {urls}\"'",
                // Whole: the placeholder after the comma is checked, in the template without its quotes.
                List.of("--quick", "--clients", "reference,\"cmd:sh --x=a,b {url}\""),
                "bench: --clients: cmd: unknown placeholder {url} (did you mean {urls}?)"));
    }

    /** As drill compare refuses them: a client or policy given twice was benchmarked twice, the report one group. */
    @Test
    void aClientOrPolicyGivenTwiceIsRefusedBeforeAnyJvmForks() throws Exception {
        assertRefusedBeforeAnyJvmForks("refused-twice", Map.of(
                List.of("--quick", "--clients", "reference,curl,reference"),
                "bench: --clients: 'reference' is given twice; list each once (the table would show two rows of one "
                        + "name, the report one group of both runs)",
                List.of("--quick", "--policies", "adaptive,adaptive"),
                "bench: --policies: 'adaptive' is given twice; list each once (the table would show two rows of one "
                        + "name, the report one group of both runs)",
                // As drill compare refuses them: curl runs with its own defaults, and the policies were dropped.
                List.of("--quick", "--policies", "parallel", "--clients", "curl"),
                "bench: --policies: they are the reference client's, and --clients curl has no reference client"));
    }

    /** Each was taken: --scale 0 benchmarked every scenario at full size, the others ended in JMH's stack trace. */
    @Test
    void aCountOutOfRangeIsRefusedNamingItsOptionBeforeAnyJvmForks() throws Exception {
        assertRefusedBeforeAnyJvmForks("refused-count", Map.of(
                List.of("--clients", "reference", "--scale", "0"),
                "bench: --scale: expected at least 1 client per group, was 0" + System.lineSeparator(),
                List.of("--clients", "reference", "--warmups", "-1"),
                "bench: --warmups: expected 0 or more, was -1" + System.lineSeparator(),
                List.of("--clients", "reference", "--iterations", "0"),
                "bench: --iterations: expected at least 1, was 0" + System.lineSeparator(),
                List.of("--clients", "reference", "--forks", "-1"),
                "bench: --forks: expected 0 (run in this JVM) or more, was -1" + System.lineSeparator()));
    }

    /**
     * Runs {@code drill bench} on the test scenario with each key's options, writing to {@code OUT/out}: each must
     * exit 2 printing what begins with its value, and nothing may be benchmarked.
     */
    private static void assertRefusedBeforeAnyJvmForks(String out, Map<List<String>, String> refusals)
            throws Exception {
        TempTrees.delete(OUT.resolve(out)); // what a failed earlier run left
        refusals.forEach((options, message) -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            BenchCommand command = new BenchCommand();
            command.console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            command.errors = command.console;
            List<String> args = new ArrayList<>(List.of("--scenarios", SCENARIO, "--scenario-dir", "../scenarios",
                    "--out", OUT.resolve(out).toString()));
            args.addAll(options);

            int refused = new CommandLine(command).execute(args.toArray(String[]::new));

            String printed = buffer.toString(StandardCharsets.UTF_8);
            assertThat(refused).as("exit code for %s; printed:%n%s", options, printed).isEqualTo(2);
            assertThat(printed).as("printed for %s", options).startsWith(message);
        });
        assertThat(OUT.resolve(out)).as("nothing benchmarked").doesNotExist();
    }

    @Test
    void skipsAClientThatIsNotInstalledSayingWhy() {
        assertThat(lines).anyMatch(l -> l.startsWith("skipping client cmd:no-such-downloader-0xd1")
                && (l.contains("not installed") || l.contains("not on PATH")));
    }

    @Test
    void endsWithTheReportItWrote() throws Exception {
        String last = lines.getLast();
        assertThat(last).startsWith("report: ");
        Path html = Path.of(last.substring("report: ".length()));
        assertThat(html).exists();
        String page = Files.readString(html);
        assertThat(page).contains("Completion time per download: run records and JMH").contains("<td>JMH</td>");
        String md = Files.readString(html.resolveSibling("summary.md"));
        assertThat(md).contains("| " + SCENARIO + " | reference / parallel | JMH | ")
                .contains("| " + SCENARIO + " | reference / sequential | JMH | ");
        JsonNode report = new ObjectMapper().readTree(html.resolveSibling("report.json").toFile());
        for (JsonNode g : report.path("scenarios").get(0).path("groups")) {
            assertThat(g.path("jmh").path("completion").path("p99Ms").isNumber()).isTrue();
        }
    }

    /** JMH's percentile: position p × (n + 1) / 100 among the sorted values (1-based), linear between neighbours. */
    static double interpolated(List<Double> sorted, double p) {
        double pos = p * (sorted.size() + 1) / 100;
        int low = (int) Math.floor(pos);
        double a = sorted.get(Math.min(Math.max(low, 1), sorted.size()) - 1);
        double b = sorted.get(Math.min(Math.max(low + 1, 1), sorted.size()) - 1);
        return a + (b - a) * (pos - low);
    }
}
