package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.reports.JmhResults;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.junit.jupiter.api.Test;

/** The report reads JMH's JSON by name, without JMH: the names it looks for must be the ones written here. */
class JmhNamesTest {

    @Test
    void theReportLooksForTheScenarioBenchmarkByItsJmhName() throws NoSuchMethodException {
        assertThat(ScenarioBenchmark.class.getMethod("run").isAnnotationPresent(Benchmark.class))
                .as("ScenarioBenchmark.run is a JMH benchmark").isTrue();
        assertThat(JmhResults.SCENARIO_BENCHMARK).isEqualTo(ScenarioBenchmark.class.getName() + ".run");
    }

    /** The report reads the scenario benchmark in the mode it is declared with, and refuses the others by name. */
    @Test
    void theReportReadsTheScenarioBenchmarksModeByItsJmhName() {
        assertThat(ScenarioBenchmark.class.getAnnotation(BenchmarkMode.class).value())
                .as("ScenarioBenchmark's mode").containsExactly(Mode.SingleShotTime);
        assertThat(JmhResults.SINGLE_SHOT).isEqualTo(Mode.SingleShotTime.shortLabel());
    }
}
