package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The table {@code drill run} ends with. */
class SummaryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A result with {@code slos} verdicts, the first {@code met} of them held. */
    private static RunResult run(String scenario, int met, int slos) {
        return run(scenario, "reference", "default", met, slos);
    }

    private static RunResult run(String scenario, String client, String policy, int met, int slos) {
        List<SloVerdict> verdicts = IntStream.range(0, slos)
                .mapToObj(i -> new SloVerdict("slo" + i, "x", "y", i < met, 1, "")).toList();
        return new RunResult(scenario, "d", client, policy, 1, 1, T0, Duration.ofSeconds(1), List.of(),
                List.of(), List.of(), verdicts, null);
    }

    private static List<String> table(RunResult... results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.table(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(results), List.of());
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * The SLOs column said "3/3" where drill compare says "3 of 3": it says "N of M" too, and stays aligned when a
     * scenario has more SLOs than fit the header's width; the scenario, client/policy and verdict columns that CI
     * greps for are as they were.
     */
    @Test
    void slosReadNOfMAsCompareSaysThemAndTheColumnsStayAligned() {
        List<String> table = table(run("expired-manifest", 3, 3), run("many-slos", 10, 12),
                run("a-scenario-name-longer-than-its-column-is-wide", 100, 100));

        assertThat(table).as("the header and three rows").hasSize(4);
        assertThat(table.getFirst()).endsWith("SLOs");
        assertThat(table.subList(1, 4)).as("the SLOs column of%n%s", String.join("\n", table))
                .satisfiesExactly(line -> assertThat(line).endsWith("   3 of 3"),
                        line -> assertThat(line).endsWith(" 10 of 12"),
                        line -> assertThat(line).endsWith(" 100 of 100"));
        assertThat(table).as("every line of the table as wide as its header")
                .allSatisfy(line -> assertThat(line).hasSize(table.getFirst().length()));
        String ci = "^[a-z0-9-]+…? +reference/\\S+ +PASS";
        assertThat(List.of(table.get(1), table.get(3))).as("the passed rows, the last one's name clipped, as CI's "
                + "grep of drill run --all reads them").allSatisfy(line -> assertThat(line).containsPattern(ci));
        assertThat(table.get(2)).startsWith("many-slos").containsPattern("reference/default +FAIL ");
    }

    /**
     * "reference-cli/adaptive" was cut to "reference-cli/adapti…" in a 20-character column: the column is as wide
     * as its widest entry (a run that could not be played included), and its rows stay aligned.
     */
    @Test
    void theClientPolicyColumnFitsItsWidestEntry() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.table(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(
                        run("slow-primary", "reference-cli", "adaptive", 3, 3),
                        run("slow-primary", "reference", "parallel", 3, 3)),
                List.of(new Summary.Unplayed("slow-primary", "reference-cli/sequential", "its world did not start")));
        List<String> table = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(table).as("the table:%n%s", String.join("\n", table)).hasSize(4);
        assertThat(table.get(1)).contains(" reference-cli/adaptive ").doesNotContain("…");
        assertThat(table.get(3)).contains(" reference-cli/sequential ERROR ");
        int verdictAt = table.getFirst().indexOf("verdict");
        assertThat(table.subList(1, 4)).as("the verdict column of%n%s", String.join("\n", table))
                .allSatisfy(line -> assertThat(line.substring(verdictAt)).matches("(PASS|FAIL|ERROR) .*"));
    }
}
