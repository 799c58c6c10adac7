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
        return run(policy, true, new long[] {millis}, verified, failovers);
    }

    /** A run whose one SLO {@code met} or not, one verified download per entry of {@code millis}. */
    private static RunResult run(String policy, boolean met, long... millis) {
        return run(policy, met, millis, true, 0);
    }

    private static RunResult run(String policy, boolean met, long[] millis, boolean verified, int failovers) {
        List<DownloadRecord> downloads = java.util.Arrays.stream(millis).mapToObj(ms -> new DownloadRecord("c-1", "g",
                "reference", policy, "f", 10, T0, T0.plusMillis(ms), Duration.ofMillis(ms), 0, verified, false, false,
                0L, 1, failovers, null, List.of(), Map.of(), null, List.of(), List.of(), "")).toList();
        return new RunResult("slow-primary", "d", "reference", policy, 1, 1, T0, Duration.ofSeconds(1), List.of(),
                List.of(), downloads, List.of(new SloVerdict("slo", "x", "y", met, 1, "")), null);
    }

    /**
     * {@code drill compare --repeat}: the rounds of one policy make one row. Its SLOs are counted over every round
     * ("1 of 2": met in one round of two, where one run alone would have said "1 of 1" or "0 of 1"), and its times
     * over every download of every round; the rows keep the order the policies first ran in.
     */
    @Test
    void theRoundsOfOnePolicyArePooledIntoOneRow() {
        List<String> table = table(run("adaptive", true, 1_000, 2_000), run("sequential", true, 5_000),
                run("sequential", true, 6_000, 7_000), run("adaptive", false, 3_000));

        assertThat(table).as("the table%n%s", String.join("\n", table)).hasSize(3);
        assertThat(table.get(1)).as("the first row").startsWith("  reference/adaptive ");
        assertThat(column(table, "SLOs met")).as("the SLOs met column of%n%s", String.join("\n", table))
                .containsExactly("1 of 2", "2 of 2 *");
        assertThat(column(table, "p50 s")).as("the p50 column: the middle of 1, 2, 3 s and of 5, 6, 7 s; the best "
                + "among the rows that met the most SLOs").containsExactly("2.00", "6.00 *");
        assertThat(column(table, "p99 s")).as("the p99 column").containsExactly("3.00", "7.00 *");
    }

    /**
     * An attack scenario: the client that took the forged manifest completed, fast, and missed the SLO that says it
     * must refuse; the one that refused met it. Only the rows that met the most SLOs are marked best, so the fast
     * wrong answer wins no star.
     */
    @Test
    void onlyTheRunsThatMetTheMostSlosAreMarkedBest() {
        RunResult tookIt = run("sequential", false, 1_000);
        RunResult refused = run("adaptive", true, new long[] {3_000}, false, 0);

        List<String> table = table(tookIt, refused);

        assertThat(column(table, "SLOs met")).as("the table%n%s", String.join("\n", table))
                .containsExactly("0 of 1", "1 of 1 *");
        assertThat(column(table, "completed %")).as("the table%n%s", String.join("\n", table))
                .containsExactly("100", "0 *");
        assertThat(column(table, "p50 s")).as("no star for the fast wrong answer").containsExactly("1.00", "-");
    }

    /**
     * The largest completed share is taken among the rows that may be starred: a row out on its SLOs that completed
     * everything left every other row short of it, and no row had a p50 star.
     */
    @Test
    void theTimesBestIsAmongTheRowsThatMetTheirSlosEvenWhenAnotherCompletedMore() {
        List<String> table = table(completing("sequential", false, 10, 0, 500), completing("parallel", true, 10, 1,
                2_000), completing("adaptive", true, 10, 2, 1_000));

        assertThat(column(table, "p50 s")).as("the table%n%s", String.join("\n", table))
                .containsExactly("0.50", "2.00 *", "1.00");
    }

    /**
     * An SLO "not judged" (a figure the client does not report, no download in its window) is no miss: aria2c, which
     * reports no failovers, keeps its star on what it did.
     */
    @Test
    void anSloNotJudgedIsNoMissForTheStars() {
        RunResult silent = run("default", true, 1_000);
        RunResult notReporting = new RunResult(silent.scenario(), silent.description(), "aria2c", "default",
                silent.seed(), silent.compress(), silent.started(), silent.elapsed(), silent.faults(), List.of(),
                silent.downloads(), List.of(silent.verdicts().getFirst(), new SloVerdict("maxFailoversPerDownload 3",
                        "at most 3", "not reported by this client", false, 0, "")), null);

        List<String> table = table(run("adaptive", true, 2_000), notReporting);

        assertThat(column(table, "p50 s")).as("the table%n%s", String.join("\n", table))
                .containsExactly("2.00", "1.00 *");
        assertThat(column(table, "SLOs met")).containsExactly("1 of 1 *", "1 of 2");
    }

    /** A run of {@code count} downloads of {@code millis} each, {@code failed} of them not verified. */
    private static RunResult completing(String policy, boolean met, int count, int failed, long millis) {
        RunResult all = run(policy, met, new long[count], true, 0);
        List<DownloadRecord> downloads = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            downloads.add(new DownloadRecord("c-" + i, "g", "reference", policy, "f", 10, T0, T0.plusMillis(millis),
                    Duration.ofMillis(millis), i < failed ? 1 : 0, i >= failed, false, false, 0L, 1, 0, null,
                    List.of(), Map.of(), null, List.of(), List.of(), ""));
        }
        return new RunResult(all.scenario(), all.description(), all.client(), policy, all.seed(), all.compress(),
                all.started(), all.elapsed(), List.of(), List.of(), downloads, all.verdicts(), null);
    }

    /** The runs' notes come under the table, once per client and policy, as drill run prints them. */
    @Test
    void theRunsNotesArePrintedUnderTheTable() {
        RunResult noted = run("sequential", 1_000);
        RunResult withNote = new RunResult(noted.scenario(), noted.description(), noted.client(), noted.policy(),
                noted.seed(), noted.compress(), noted.started(), noted.elapsed(), noted.faults(),
                List.of("http.corrupt-bytes (fastly-lies) on fastly never acted"), noted.downloads(), noted.verdicts(),
                null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CompareCommand.notes(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(withNote, withNote,
                run("adaptive", 1_000)));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "%n  note (reference/sequential): http.corrupt-bytes (fastly-lies) on fastly never acted%n".formatted());
    }

    /**
     * The times are of completed downloads: a policy that gave up on its slow download (one of two failed) has the
     * fastest p50 and p99 for it, and is not marked best in them beside one that completed both.
     */
    @Test
    void timesAreMarkedBestOnlyAmongTheRunsThatCompletedTheMost() {
        RunResult both = run("sequential", true, new long[] {1_000, 60_000}, true, 0);
        DownloadRecord slow = both.downloads().get(1);
        RunResult gaveUp = new RunResult("slow-primary", "d", "reference", "sequential", 1, 1, T0,
                Duration.ofSeconds(1), List.of(), List.of(), List.of(both.downloads().get(0), new DownloadRecord(
                        slow.id(), slow.group(), slow.client(), slow.policy(), slow.file(), slow.size(), slow.started(),
                        slow.ended(), slow.elapsed(), 1, false, false, false, 0L, 1, 0, null, List.of(), Map.of(), null,
                        List.of(), List.of(), "")), both.verdicts(), null);
        List<String> table = table(gaveUp, run("adaptive", true, 4_000, 5_000));

        assertThat(column(table, "completed %")).as("the completed %% column of%n%s", String.join("\n", table))
                .containsExactly("50", "100 *");
        assertThat(column(table, "p50 s")).as("the p50 column of%n%s", String.join("\n", table))
                .containsExactly("1.00", "4.00 *");
        assertThat(column(table, "p99 s")).as("the p99 column").containsExactly("1.00", "5.00 *");
    }

    /**
     * {@code --repeat}: a round in which the client could not run (its program would not start, on a machine short
     * of processes for a moment) is listed among the runs not played and counts as one, so its row pools the rounds
     * that ran. Pooled, its failed downloads and SLOs read as the policy's own: "completed 50" and "1 of 3" for a
     * policy that failed nothing it ran. A configuration with no round that ran keeps its row of zeros.
     */
    @Test
    void aRoundWhoseClientCouldNotRunIsLeftOutOfItsPooledRow() {
        List<String> table = table(run("adaptive", true, 1_000), couldNotRun("adaptive"), couldNotRun("sequential"));

        assertThat(column(table, "completed %")).as("the completed %% column of%n%s", String.join("\n", table))
                .containsExactly("100 *", "0");
        assertThat(column(table, "SLOs met")).as("the SLOs met column of%n%s", String.join("\n", table))
                .containsExactly("1 of 1 *", "0 of 2");
    }

    /** A run in which the client could not run: its download failed, its SLO and "every client ran" missed. */
    private static RunResult couldNotRun(String policy) {
        DownloadRecord download = new DownloadRecord("c-1", "g", "reference", policy, "f", 10, T0, T0,
                Duration.ZERO, 0, false, false, false, 0L, 1, 0, null, List.of(), Map.of(), null, List.of(), List.of(),
                "");
        return new RunResult("slow-primary", "d", "reference", policy, 1, 1, T0, Duration.ofSeconds(1), List.of(),
                List.of(io.outagedrill.harness.run.ScenarioRunner.COULD_NOT_RUN + "Cannot run program"),
                List.of(download), List.of(new SloVerdict("slo", "x", "y", false, 1, ""),
                        new SloVerdict(io.outagedrill.harness.run.ScenarioRunner.EVERY_CLIENT_RAN, "x", "y", false, 1,
                                "")), null);
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

    /**
     * {@code --repeat}'s rounds: each starts one place further along the given order, so that over as many rounds as
     * there are configurations each takes every place once (first after a pause, last, and each between). Reversed
     * rounds left the middle one of three (the default policies: parallel) in the middle every round, never first.
     */
    @Test
    void everyConfigurationTakesEveryPlaceInTurn() {
        List<String> given = List.of("reference/sequential", "reference/parallel", "reference/adaptive");

        for (int place = 0; place < given.size(); place++) {
            int at = place;
            List<String> atPlace = java.util.stream.IntStream.rangeClosed(1, given.size())
                    .mapToObj(round -> CompareCommand.inRound(given, round).get(at)).toList();
            assertThat(atPlace).as("who plays at place %d of rounds 1 to 3 (expected each once)", place + 1)
                    .containsExactlyInAnyOrderElementsOf(given);
        }
        assertThat(CompareCommand.inRound(given, 1)).as("the first round").containsExactlyElementsOf(given);
        assertThat(CompareCommand.inRound(given, 4)).as("the fourth round, as the first")
                .containsExactlyElementsOf(given);
    }

    /** Two configurations: the second round is the first reversed, and each round holds each once. */
    @Test
    void twoConfigurationsSwapPlacesEachRound() {
        List<String> given = List.of("reference/sequential", "curl/default");

        assertThat(CompareCommand.inRound(given, 2)).containsExactly("curl/default", "reference/sequential");
        assertThat(CompareCommand.inRound(given, 3)).containsExactlyElementsOf(given);
        assertThat(CompareCommand.inRound(List.of("reference/adaptive"), 2)).containsExactly("reference/adaptive");
    }

    private static List<String> column(List<String> table, String name) {
        int end = table.getFirst().indexOf(name) + name.length();
        return table.stream().skip(1).map(line -> line.substring(end - 13, Math.min(line.length(), end + 2)).strip())
                .toList();
    }
}
