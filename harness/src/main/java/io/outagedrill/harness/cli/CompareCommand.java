package io.outagedrill.harness.cli;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.NearestRank;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunLabel;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drill compare}: the same scenarios, the same seed, several policies and clients side by side, so a
 * team can choose a failover policy on evidence. The best value of each metric is marked with *.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run scenarios with several policies and clients on the same seed and compare them.",
                "Exit code 0 when every run was played (SLO misses are what the table compares; drill run is the "
                        + "gate), 1 when scenarios were skipped or a run could not be played, 2 for a wrong option or "
                        + "a scenario file that cannot be used."})
public final class CompareCommand implements Callable<Integer> {
    /** Enough rounds to see past a noisy machine; a bound, so that a typo (1000) cannot keep it busy for days. */
    static final int MAX_REPEAT = 20;

    @Option(names = "--policies", split = ",", paramLabel = "P1,P2", defaultValue = "sequential,parallel,adaptive",
            description = "Reference-client policies to compare (default: all three); 'default' plays each "
                    + "scenario's own.")
    List<String> policies;

    @Option(names = "--clients", split = ",", paramLabel = "C1,C2", defaultValue = "reference",
            description = "Clients to compare: reference, reference-cli, aria2c, curl, cmd:... (default reference; "
                    + "a cmd: template with a comma in it goes in double quotes: 'curl,\"cmd:dl --x=a,b {urls}\"'). A "
                    + "template's placeholders, filled in per download: {urls} {literal_urls} {manifest} {manifests} {trust} {ca} {resolve} {output} {dir} {file} {sha256} {size} {plain_http} {dns_server} {doh_url} {source_address} (README, \"Test your own "
                    + "downloader\").")
    List<String> clients;

    @Option(names = "--seed", paramLabel = "N", description = "One seed for every run (default: each scenario's).")
    Long seed;

    @Option(names = "--scale", paramLabel = "N", description = "At most N clients per group (quicker).")
    Integer scale;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Play each client and policy N times, in interleaved rounds (default 1, at most "
                    + MAX_REPEAT + "); the table pools the rounds: SLOs met over every round, times over every "
                    + "download.")
    int repeat;

    @Mixin
    WorldOption world = new WorldOption();

    @Mixin
    ScenarioSelection selection = new ScenarioSelection();

    @Spec
    CommandSpec spec;

    PrintStream out = System.out;

    /** The JVM's signal; tests send their own. */
    InterruptOnSignal.Hook signals = InterruptOnSignal.JVM;

    private final Optional<ReportSink> reports;

    /** Writes run records only: no report. */
    public CompareCommand() {
        this.reports = Optional.empty();
    }

    /** Ends by writing a report of the runs with {@code reports}. */
    public CompareCommand(ReportSink reports) {
        this.reports = Optional.of(reports);
    }

    @Override
    public Integer call() throws Exception {
        selection.check(spec);
        clients = ClientsAndPolicies.unquoted(clients);
        // Before anything starts: a misspelt client or policy would otherwise fail every download of every run.
        Optional<String> problem = ClientsAndPolicies.trailingComma(spec.commandLine().getParseResult())
                .or(() -> RunOptions.clientCountProblem(scale).map(p -> "--scale: " + p))
                .or(() -> repeat >= 1 && repeat <= MAX_REPEAT ? Optional.empty() : Optional.of(
                        "--repeat: expected a number of rounds from 1 to %d, saw %d".formatted(MAX_REPEAT, repeat)))
                .or(() -> ClientsAndPolicies.problem(clients, policies,
                        spec.commandLine().getParseResult().hasMatchedOption("--policies"),
                        SystemsUnderTest::runProblem));
        if (problem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem.get());
        }
        Optional<WorldOption.Playable> playable = world.check("compare", selection.load(), out, spec.commandLine().getErr());
        if (playable.isEmpty()) {
            return 2;
        }
        DrillRecords drill = selection.drill("compare", reports, out, spec.commandLine().getErr());
        return InterruptOnSignal.run(signals, "compare-shutdown", out,
                signalled -> play(drill, playable.get(), signalled), drill::recordStopped);
    }

    private int play(DrillRecords drill, WorldOption.Playable playable, BooleanSupplier signalled) throws Exception {
        List<Scenario> loaded = playable.scenarios();
        List<Summary.Unplayed> unplayed = new ArrayList<>();
        for (Scenario scenario : loaded) {
            List<Configuration> forScenario = Configuration.named(clients, policies, scenario);
            out.printf(Locale.ROOT, "%n%s (seed %d%s)%n", scenario.name(), seed != null ? seed : scenario.seed(),
                    repeat > 1 ? ", %d rounds".formatted(repeat) : "");
            // Said, not done silently: a table of one row where two were asked for reads as a lost run.
            for (String client : clients) {
                if (client.startsWith("reference") && policies.contains("default")
                        && !RunLabel.distinctPolicies(scenario, client, policies).contains("default")) {
                    String named = RunLabel.policies(scenario, Optional.of(client), Optional.empty());
                    out.printf(Locale.ROOT, "  policy default is %s for %s here (the scenario's own, else the "
                            + "client's): played once, as %s%n", named, client, Configuration.label(client, named));
                }
            }
            List<RunResult> rows = new ArrayList<>();
            for (int round = 1; round <= repeat; round++) {
                for (Configuration configuration : inRound(forScenario, round)) {
                    String client = configuration.client();
                    String policy = configuration.policy();
                    String label = configuration.label();
                    RunOptions options = RunOptions.defaults(selection.results).withClient(client)
                            .withPolicy(policy.equals("default") ? null : policy).withClientCount(scale);
                    if (seed != null) {
                        options = options.withSeed(seed);
                    }
                    String inRound = repeat > 1 ? " (round %d of %d)".formatted(round, repeat) : "";
                    out.printf(Locale.ROOT, "  running %s%s...%n", label, inRound);
                    RunOptions played = options;
                    // Listed with its round: a row pools only the rounds that ran (table), so which ones did not is
                    // said, not two lines alike.
                    String unplayedAs = label + inRound;
                    Optional<RunResult> row = Summary.play(
                            () -> new ScenarioRunner(Clock.systemUTC(), world.starter()).run(scenario, played),
                            scenario.name(), unplayedAs, label, signalled, out, unplayed);
                    // Into the drill as soon as its record is written: a signal during the next run still lists it.
                    row.ifPresent(drill::add);
                    row.ifPresent(rows::add);
                    // Played, but its downloader never ran (a program that cannot be started): a row of zeros
                    // with no word on why is no comparison, so it is listed with the reason and counts as unplayed.
                    row.flatMap(RunResult::whyAClientCouldNotRun).ifPresent(why -> unplayed.add(
                            new Summary.Unplayed(scenario.name(), unplayedAs, why)));
                }
            }
            if (!rows.isEmpty()) {
                table(out, rows);
                notes(out, rows);
            }
        }
        if (!unplayed.isEmpty()) {
            out.printf("%nruns that could not be played:%n");
            unplayed.forEach(u -> out.printf("  %s %s: %s%n", u.scenario(), u.clientPolicy(), u.why()));
        }
        drill.record();
        if (playable.skipped() > 0) {
            out.printf(Locale.ROOT, "%d scenario(s) skipped: they cannot run on real servers (see the top)%n",
                    playable.skipped());
        }
        if (!unplayed.isEmpty()) {
            out.printf(Locale.ROOT, "%d run(s) could not be played (see above)%n", unplayed.size());
        }
        return playable.skipped() > 0 || !unplayed.isEmpty() ? 1 : 0;
    }

    /**
     * The runs' notes under the table, each once per client and policy (the rounds of one repeat the same ones), as
     * {@code drill run} prints them under its verdicts: a fault that never acted for one row, a step that never
     * fired, a busy machine. Only in the report files, a star won by a row that never met its fault read as evidence.
     */
    static void notes(PrintStream out, List<RunResult> runs) {
        Map<String, java.util.Set<String>> byLabel = new LinkedHashMap<>();
        runs.forEach(r -> byLabel.computeIfAbsent(Configuration.label(r.client(), r.policy()),
                k -> new java.util.LinkedHashSet<>()).addAll(r.notes()));
        if (byLabel.values().stream().anyMatch(notes -> !notes.isEmpty())) {
            out.println(); // the table ends at its last row: a script reading it stops at the first blank line
        }
        byLabel.forEach((label, notes) -> notes.forEach(n -> out.printf("  note (%s): %s%n", label, n)));
    }

    /**
     * The order of round {@code round} (from 1): the given order, begun one place further along in each round
     * (A B C, then B C A, then C A B). A run's place in a round matters on a busy machine (the first after a pause,
     * the one after a run that left work behind), so over as many rounds as there are configurations each takes
     * every place once. Reversing every second round did not: the middle one of three (the default policies'
     * parallel) was in the middle every round, never first nor last, and the last of a round ran again first in
     * the next, twice in a row.
     */
    static <T> List<T> inRound(List<T> configurations, int round) {
        int n = configurations.size();
        if (n == 0) {
            return configurations;
        }
        int first = Math.floorMod(round - 1, n);
        List<T> order = new ArrayList<>(configurations.subList(first, n));
        order.addAll(configurations.subList(0, first));
        return order;
    }

    /**
     * A client and one of its policies ("default" for a client without the reference client's policies, and for the
     * reference client where {@code --policies default} keeps each scenario's own), named as the run will be:
     * {@code named} is the policy in the run's label ({@link RunLabel}).
     */
    private record Configuration(String client, String policy, String named) {
        /** As the table and the list of runs not played name it: {@code client/policy}. */
        String label() {
            return label(client, named);
        }

        static String label(String client, String policy) {
            return client + "/" + policy;
        }

        /**
         * Each client with the policies it plays {@code scenario} with, named as the runs will be: policies are the
         * reference client's (each other client runs with its own defaults), "default" is left out where it names
         * another policy listed ({@link RunLabel#distinctPolicies}, as {@code drill bench} plays them), and named by
         * the scenario's own policy where it stays.
         */
        static List<Configuration> named(List<String> clients, List<String> policies, Scenario scenario) {
            List<Configuration> named = new ArrayList<>();
            for (String client : clients) {
                boolean reference = client.startsWith("reference");
                for (String policy : reference ? RunLabel.distinctPolicies(scenario, client, policies)
                        : List.of("default")) {
                    named.add(new Configuration(client, policy, reference && policy.equals("default")
                            ? RunLabel.policies(scenario, Optional.of(client), Optional.empty()) : policy));
                }
            }
            return named;
        }
    }

    /** The runs of one client and policy, pooled: every round's SLO verdicts and downloads, gathered once. */
    private record Row(String label, List<DownloadRecord> downloads, List<SloVerdict> verdicts) {
        static Row of(String label, List<RunResult> runs) {
            return new Row(label, runs.stream().flatMap(r -> r.downloads().stream()).toList(),
                    runs.stream().flatMap(r -> r.verdicts().stream()).toList());
        }
    }

    /**
     * One scenario's runs side by side, the best of each column marked *. Runs of the same client and policy (the
     * rounds of {@code --repeat}) make one row: its SLOs met are counted over every round, its times and figures
     * over every download of every round; a round whose client could not run is left out
     * ({@link RunResult#roundsThatRan}).
     */
    static void table(PrintStream out, List<RunResult> runs) {
        Map<String, List<RunResult>> byLabel = new LinkedHashMap<>();
        runs.forEach(r -> byLabel.computeIfAbsent(Configuration.label(r.client(), r.policy()),
                k -> new ArrayList<>()).add(r));
        List<Row> rows = byLabel.entrySet().stream()
                .map(e -> Row.of(e.getKey(), RunResult.roundsThatRan(e.getValue()))).toList();
        List<Metric> metrics = List.of(
                // "N of M": a count alone does not say whether 2 is all of a scenario's SLOs or a third of them, nor
                // that a run with a verdict of its own (a client that could not run) had more to meet. The best is
                // the largest share met (all of none, for a scenario without SLOs).
                new Metric(SLOS_MET, CompareCommand::sloShare,
                        true, r -> String.format(Locale.ROOT, "%d of %d", slosMet(r), r.verdicts().size()),
                        v -> v),
                new Metric("completed %", r -> 100.0 * completedShare(r), true, "%.0f"),
                new Metric("p50 s", r -> seconds(r, 50), false, "%.2f").onlyAmongTheMostCompleted(),
                new Metric("p99 s", r -> seconds(r, 99), false, "%.2f").onlyAmongTheMostCompleted(),
                // Over the downloads that report the figure, as the SLOs judge it: a client that reports no switches
                // or wasted bytes (aria2c, a cmd: program that prints no event lines) shows "-", not a best 0.
                new Metric("failovers/dl", r -> r.downloads().stream().filter(DownloadRecord::reportsFailovers)
                        .mapToInt(DownloadRecord::failovers).average()
                        .orElse(Double.NaN), false, "%.1f").onlyAmongCompleted(),
                new Metric("wasted %", r -> r.downloads().stream().filter(DownloadRecord::reportsWaste)
                        .mapToDouble(DownloadRecord::wastedPercent).average().orElse(Double.NaN), false, "%.1f")
                        .onlyAmongCompleted());
        // As wide as the longest label: a cmd: template's label can be far longer than a built-in client's.
        int width = Math.max(26, rows.stream().mapToInt(r -> r.label().length()).max().orElse(0));
        String label = "  %-" + width + "s";
        StringBuilder header = new StringBuilder(label.formatted("client/policy"));
        metrics.forEach(m -> header.append(" %13s".formatted(m.name())));
        out.println(header);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(label.formatted(r.label()));
            for (Metric m : metrics) {
                double value = m.of().applyAsDouble(r);
                double best = rows.stream().filter(row -> m.eligible(row, rows)).mapToDouble(m.of())
                        .filter(v -> !Double.isNaN(v)).reduce(m.higherIsBetter() ? Math::max : Math::min)
                        .orElse(Double.NaN);
                String text = Double.isNaN(value) ? "-" : m.text().apply(r);
                // Ties as shown share the mark: "0.97" beside "0.97 *" (974 and 971 ms) reads as a mistake.
                boolean isBest = !Double.isNaN(value) && !Double.isNaN(best) && m.eligible(r, rows)
                        && m.shown().applyAsDouble(value) == m.shown().applyAsDouble(best);
                line.append(" %13s".formatted(text + (rows.size() > 1 && isBest ? " *" : "  ")));
            }
            out.println(line);
        }
    }

    /**
     * A column: the value that ranks the runs ({@code NaN}: not measured, "-"), the text that shows it and the value
     * as that text rounds it, which the best is chosen by.
     */
    private record Metric(String name, ToDoubleFunction<Row> of, boolean higherIsBetter,
                          Function<Row, String> text, DoubleUnaryOperator shown, Eligible eligible) {
        /** Which rows may be marked best. */
        private enum Eligible { ALL, COMPLETED_ONE, COMPLETED_MOST }

        Metric(String name, ToDoubleFunction<Row> of, boolean higherIsBetter, Function<Row, String> text,
               DoubleUnaryOperator shown) {
            this(name, of, higherIsBetter, text, shown, Eligible.ALL);
        }

        /** The value itself, as {@code format} prints it (in ASCII digits, in any locale). */
        Metric(String name, ToDoubleFunction<Row> of, boolean higherIsBetter, String format) {
            this(name, of, higherIsBetter, r -> String.format(Locale.ROOT, format, of.applyAsDouble(r)),
                    v -> Double.parseDouble(String.format(Locale.ROOT, format, v)));
        }

        /**
         * Marked best only among the runs that completed a download: 0 failovers or 0% wasted by a policy that
         * finished nothing (sequential, waiting on a crawling mirror) is no reason to choose it. Not for SLOs met
         * or completed %: in an attack scenario refusing every download is the right outcome.
         */
        Metric onlyAmongCompleted() {
            return new Metric(name, of, higherIsBetter, text, shown, Eligible.COMPLETED_ONE);
        }

        /**
         * Marked best only among the runs that completed the largest share of their downloads: the times are of
         * completed downloads, and a client that gave up on its slow ones (half of them failed) would have the
         * best times for it.
         */
        Metric onlyAmongTheMostCompleted() {
            return new Metric(name, of, higherIsBetter, text, shown, Eligible.COMPLETED_MOST);
        }

        boolean eligible(Row r, List<Row> rows) {
            if (name.equals(SLOS_MET)) {
                return true;
            }
            // Best only among the runs that missed the fewest SLOs on evidence: in an attack scenario the client
            // that took the forged manifest completed fastest, and was starred for it beside the one that refused.
            double fewestMissed = rows.stream().mapToDouble(CompareCommand::missed).min().orElse(0);
            List<Row> contenders = rows.stream().filter(row -> missed(row) <= fewestMissed + 1e-9).toList();
            if (!contenders.contains(r)) {
                return false;
            }
            return switch (eligible) {
                case ALL -> true;
                case COMPLETED_ONE -> r.downloads().stream().anyMatch(DownloadRecord::succeeded);
                case COMPLETED_MOST -> completedShare(r) >= contenders.stream()
                        .mapToDouble(CompareCommand::completedShare).max().orElse(0) - 1e-9;
            };
        }
    }

    private static double completedShare(Row r) {
        return (double) r.downloads().stream().filter(DownloadRecord::succeeded).count()
                / Math.max(1, r.downloads().size());
    }

    private static final String SLOS_MET = "SLOs met";

    /** The share of its SLOs a row met (all of none, for a scenario without SLOs). */
    private static double sloShare(Row r) {
        return r.verdicts().isEmpty() ? 1 : (double) slosMet(r) / r.verdicts().size();
    }

    /** The share of its SLOs a row missed on evidence ({@link SloVerdict#missedShare}). */
    private static double missed(Row r) {
        return SloVerdict.missedShare(r.verdicts());
    }

    private static long slosMet(Row r) {
        return r.verdicts().stream().filter(SloVerdict::passed).count();
    }

    /** The row's {@code percentile} (in (0, 100]) of successful downloads' times, in seconds; NaN for none. */
    private static double seconds(Row r, double percentile) {
        List<Duration> sorted = r.downloads().stream().filter(DownloadRecord::succeeded).map(DownloadRecord::elapsed)
                .sorted(Comparator.naturalOrder()).toList();
        Duration d = NearestRank.of(sorted, percentile);
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }
}
