package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table {@code drill compare} prints per scenario, from hand-made runs. */
class CompareTableTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A run of the reference client with {@code policy} whose one download took {@code millis}, verified. */
    private static RunResult run(String policy, long millis) {
        return run(policy, millis, true, 0);
    }

    /** As {@link #run(String, long)}, the download {@code verified} or not, after {@code failovers} switches. */
    private static RunResult run(String policy, long millis, boolean verified, int failovers) {
        DownloadRecord download = new DownloadRecord("c-1", "g", "reference", policy, "f", 10, T0,
                T0.plusMillis(millis), Duration.ofMillis(millis), 0, verified, false, false, 0L, 1, failovers, null,
                List.of(), Map.of(), null, List.of(), List.of(), "");
        return new RunResult("slow-primary", "d", "reference", policy, 1, 1, T0, Duration.ofSeconds(1), List.of(),
                List.of(), List.of(download), List.of(new SloVerdict("slo", "x", "y", true, 1, "")), null);
    }

    private static List<String> table(RunResult... runs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompareCommand.table(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(runs));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * 974 ms and 971 ms both read "0.97" in the p50 column, and only the second was marked best: two equal numbers,
     * one star. Ties as shown share it, as the report's comparison says ("ties share it").
     */
    @Test
    void timesThatReadTheSameShareTheBestMark() {
        List<String> table = table(run("sequential", 974), run("parallel", 971), run("adaptive", 1_200));

        int column = table.getFirst().indexOf("p50 s") + "p50 s".length();
        List<String> p50 = table.stream().skip(1).map(line -> line.substring(column - 13, column + 2).strip())
                .toList();
        assertThat(p50).as("the p50 column of%n%s", String.join("\n", table))
                .containsExactly("0.97 *", "0.97 *", "1.20");
    }

    /**
     * sequential completed nothing on a crawling mirror and wasted nothing: its 0.0 wasted % shared the best mark.
     * For wasted % (and failovers) only a run that completed a download is marked; SLOs met is judged as before.
     */
    @Test
    void aRunThatCompletedNoDownloadIsNotMarkedBestForWasteOrFailovers() {
        List<String> table = table(run("sequential", 90_000, false, 0), run("adaptive", 5_000, true, 2));

        assertThat(column(table, "wasted %")).as("the wasted %% column of%n%s", String.join("\n", table))
                .containsExactly("0.0", "0.0 *");
        assertThat(column(table, "SLOs met")).as("the SLOs met column of%n%s", String.join("\n", table))
                .containsExactly("1 of 1 *", "1 of 1 *");
    }

    private static List<String> column(List<String> table, String name) {
        int end = table.getFirst().indexOf(name) + name.length();
        return table.stream().skip(1).map(line -> line.substring(end - 13, Math.min(line.length(), end + 2)).strip())
                .toList();
    }
}
