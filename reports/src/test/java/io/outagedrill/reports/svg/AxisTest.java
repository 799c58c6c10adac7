package io.outagedrill.reports.svg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisTest {

    @ParameterizedTest(name = "nice({0}, {1})")
    @CsvSource({
            "0, 0.1",        // the throughput chart's floor when nothing moved: it once read 0, 0, 0, 0, 0
            "0, 0",          // an empty range
            "0, 1e-9",       // a tiny one
            "5, 5",          // empty, away from zero
            "3, 1",          // inverted
            "0, 1e-15",      // finer than labels can show
            "1e6, 1000000.000001",
            "0, NaN",
            "0, 30",
            "0, 0.001"})
    void tickLabelsNeverRepeat(double min, double max) {
        Axis axis = Axis.nice(min, max, 0, 300);
        List<Axis.Tick> ticks = axis.ticks(5, " s");
        List<String> labels = ticks.stream().map(Axis.Tick::label).toList();
        assertThat(labels).as("labels of nice(%s, %s) = %s", min, max, axis).isNotEmpty().doesNotHaveDuplicates();
        assertThat(ticks.stream().mapToDouble(Axis.Tick::value).toArray())
                .as("tick values of nice(%s, %s)", min, max).doesNotHaveDuplicates();
        assertThat(axis.max()).as("axis top above its bottom").isGreaterThan(axis.min());
    }

    @ParameterizedTest(name = "nice(0, {0}) labels {1}")
    @CsvSource(delimiterString = "|", value = {
            "0.1 | 0 s, 0.02 s, 0.04 s, 0.06 s, 0.08 s, 0.1 s",
            "0 | 0 s, 0.2 s, 0.4 s, 0.6 s, 0.8 s, 1 s",
            "30 | 0 s, 10 s, 20 s, 30 s",
            "2.5 | 0 s, 0.5 s, 1 s, 1.5 s, 2 s, 2.5 s"})
    void labelsCarryJustTheDecimalsTheStepNeeds(double max, String expected) {
        assertThat(Axis.nice(0, max, 0, 300).ticks(5, " s").stream().map(Axis.Tick::label).toList())
                .containsExactly(expected.split(", "));
    }
}
