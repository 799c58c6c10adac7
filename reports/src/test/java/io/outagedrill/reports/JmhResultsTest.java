package io.outagedrill.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.reports.model.JmhTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JMH's JSON, as `drill bench` writes it, read back into per-download percentiles. */
class JmhResultsTest {
    static final Path FIXTURE = Path.of("src/test/resources/jmh/scenario-bench.json");
    /** A scenario benchmark run by JMH's own launcher in throughput mode; its download times as the profiler writes. */
    static final Path THROUGHPUT = Path.of("src/test/resources/jmh/throughput.json");
    /** The same, in average-time mode: its score a time per run, but of as many runs as fitted in each iteration. */
    static final Path AVERAGE_TIME = Path.of("src/test/resources/jmh/avgt.json");
    /** The same, in sample mode. */
    static final Path SAMPLE = Path.of("src/test/resources/jmh/sample.json");

    /** The fixture's first result has the benchmark's name from before it moved to its own module, the second today's. */
    @Test
    void readsTheScenarioBenchmarksAndSkipsOthers() throws IOException {
        List<JmhTiming> timings = JmhResults.read(FIXTURE);
        assertThat(timings).hasSize(2);

        JmhTiming parallel = timings.getFirst();
        assertThat(parallel.key()).isEqualTo("slow-primary · reference · parallel");
        assertThat(parallel.runs()).isEqualTo(2);
        assertThat(parallel.runSeconds()).isEqualTo(2.5);
        assertThat(parallel.runSecondsError()).isEqualTo(0.25);
        assertThat(parallel.downloads()).isEqualTo(4);
        assertThat(parallel.failed()).isZero();
        assertThat(parallel.completion().count()).isEqualTo(4);
        assertThat(parallel.completion().p50Ms()).isEqualTo(1450.0);
        assertThat(parallel.completion().p90Ms()).isEqualTo(1900.0);
        assertThat(parallel.completion().p99Ms()).isEqualTo(1990.0);
        assertThat(parallel.completion().p999Ms()).isEqualTo(1999.0);
        assertThat(parallel.source()).endsWith("scenario-bench.json");
    }

    @Test
    void convertsUnitsNamesScenariosByFileAndTurnsNaNIntoNotMeasured() throws IOException {
        JmhTiming aria = JmhResults.read(FIXTURE).get(1);
        assertThat(aria.scenario()).isEqualTo("slow-primary");
        assertThat(aria.client()).isEqualTo("aria2c");
        assertThat(aria.policy()).isEqualTo("default");
        assertThat(aria.runSeconds()).isEqualTo(4.0);
        assertThat(aria.runSecondsError()).isNull();
        assertThat(aria.runs()).isEqualTo(3);
        assertThat(aria.failed()).isEqualTo(3);
        assertThat(aria.completion().count()).isZero();
        assertThat(aria.completion().p50Ms()).isNull();
        assertThat(aria.completion().p999Ms()).isNull();
    }

    /**
     * A file that cannot be read is said to be what it is, with its path: all of them were "no JMH results at PATH",
     * whether there was no such file or a folder in its place.
     */
    @Test
    void saysWhatIsWrongWithAFile(@TempDir Path dir) throws IOException {
        Path none = dir.resolve("none.json");
        assertThatThrownBy(() -> JmhResults.read(none)).isInstanceOf(IOException.class)
                .hasMessage("no JMH results at " + none.toAbsolutePath() + ": no such file");
        Path folder = Files.createDirectories(dir.resolve("drill-bench"));
        assertThatThrownBy(() -> JmhResults.read(folder)).isInstanceOf(IOException.class)
                .hasMessage("no JMH results at " + folder.toAbsolutePath() + ": it is a folder, not a file; give the "
                        + "JSON file JMH wrote (-rf json), such as drill bench's drill-bench/jmh.json");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertThatThrownBy(() -> JmhResults.read(empty)).isInstanceOf(IOException.class)
                .hasMessage(empty + ": empty, not JMH JSON");
        Path notJmh = Files.writeString(dir.resolve("x.json"), "{\"scenario\": 1}");
        assertThatThrownBy(() -> JmhResults.read(notJmh)).hasMessageContaining("not JMH JSON");
        Path broken = Files.writeString(dir.resolve("y.json"), "[{");
        assertThatThrownBy(() -> JmhResults.read(broken)).hasMessageContaining("not JMH JSON");
    }

    @Test
    void secondsPerUnit() {
        assertThat(JmhResults.seconds("s/op")).hasValue(1);
        assertThat(JmhResults.seconds("ms/op")).hasValue(1e-3);
        assertThat(JmhResults.seconds("us/op")).hasValue(1e-6);
        assertThat(JmhResults.seconds("ops/s")).as("a throughput").isEmpty();
    }

    /**
     * ScenarioBenchmark run by JMH's own launcher with {@code -bm thrpt} scores in ops/s: the read used to end in an
     * unchecked "not a JMH time unit: ops/s", which {@code drill report --jmh} printed as a stack trace. It is the
     * file's problem, said with the file, the benchmark and the unit, as the other files' problems are.
     */
    @Test
    void aThroughputResultIsRefusedNamingTheFileTheBenchmarkAndTheUnit() {
        assertThatThrownBy(() -> JmhResults.read(THROUGHPUT)).isInstanceOf(IOException.class)
                .hasMessage(THROUGHPUT + ": benchmark io.outagedrill.benchmarks.ScenarioBenchmark.run (mode thrpt) "
                        + "has its score in ops/s, not a time per run (s/op, ms/op, us/op, ns/op); the report reads "
                        + "scenario benchmarks as drill bench runs them, single-shot (-bm ss)");
    }

    /**
     * ScenarioBenchmark run with {@code -bm avgt} or {@code -bm sample} loops scenario runs for a fixed time per
     * iteration. Its score is in s/op, so it was read as single-shot: the report said "3 measured run(s)" (its three
     * iterations) beside 46 downloads of a two-client scenario, and called it single-shot, never looped. JMH's JSON
     * does not say how many runs it looped, so it is refused, naming the file, the benchmark and the mode.
     */
    @ParameterizedTest
    @ValueSource(strings = {"avgt", "sample"})
    void aResultInAModeThatLoopsRunsIsRefusedNamingTheFileTheBenchmarkAndTheMode(String mode) {
        Path file = mode.equals("avgt") ? AVERAGE_TIME : SAMPLE;
        assertThatThrownBy(() -> JmhResults.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": benchmark io.outagedrill.benchmarks.ScenarioBenchmark.run (mode " + mode + ") "
                        + "looped scenario runs for a fixed time and JMH's JSON does not say how many it ran, so its "
                        + "measured runs cannot be counted; the report reads scenario benchmarks as drill bench runs "
                        + "them, single-shot (-bm ss)");
    }
}
