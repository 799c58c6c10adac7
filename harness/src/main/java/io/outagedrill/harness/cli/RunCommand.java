package io.outagedrill.harness.cli;

import io.outagedrill.client.Durations;
import io.outagedrill.client.cli.PortConverter;
import io.outagedrill.harness.metrics.RunMetrics;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunRecords;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunLabel;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drill run NAME... | --all}: plays named outage scenarios against a downloader and checks their SLOs. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run outage scenarios: bring up the fake CDNs, start the clients, break things on the "
                + "scenario's timeline, and judge the SLOs.", "Exit code 0 when every SLO of every run held, 1 "
                + "otherwise, 2 for a wrong option or a scenario file that cannot be used."})
public final class RunCommand implements Callable<Integer> {
    /** The longest a run stays open for a last scrape: Prometheus' scrape intervals are 1 min or less. */
    static final Duration LAST_SCRAPE_WAIT = Duration.ofMinutes(2);

    @Option(names = "--client", paramLabel = "CLIENT", description = "reference, reference-cli, aria2c, curl or "
            + "cmd:TEMPLATE, instead of the scenario's own. A template is your downloader's command line, its "
            + "placeholders filled in per download: {urls} {literal_urls} {manifest} {manifests} {trust} {ca} {resolve} {output} {dir} {file} {sha256} {size} {plain_http} {dns_server} {doh_url} {source_address} (README, \"Test your own downloader\"), e.g. "
            + "'cmd:./my-dl --ca {ca} --resolve {resolve} -o {output} {urls}'.")
    String client;

    @Option(names = "--policy", paramLabel = "NAME", description = "Failover policy (reference: sequential, parallel, "
            + "adaptive) or profile (aria2c: default, tuned).")
    String policy;

    @Option(names = "--seed", paramLabel = "N", description = "Instead of the scenario's seed.")
    Long seed;

    @Option(names = "--clients", paramLabel = "N", description = "At most N clients per group (a quicker run).")
    Integer clients;

    // --scale as compare and bench name it, where --clients lists the clients to compare. Its own option rather than
    // an alias, so that giving both is named as such: picocli would call it "--clients specified twice".
    @Option(names = "--scale", paramLabel = "N", description = "The same as --clients, as compare and bench call it.")
    Integer scale;

    @Mixin
    WorldOption world = new WorldOption();

    @Spec
    CommandSpec spec;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = PortConverter.class,
            description = "Serve the clients' metrics in "
            + "Prometheus' text format at http://127.0.0.1:PORT/metrics while the runs last (0 picks a free port), "
            + "and write them into each run record. Each scenario's series carry its name as the label scenario and "
            + "start from zero.")
    Integer metricsPort;

    @Mixin
    ScenarioSelection selection = new ScenarioSelection();

    PrintStream out = System.out;

    /** The JVM's signal; tests send their own. */
    InterruptOnSignal.Hook signals = InterruptOnSignal.JVM;

    private final Optional<ReportSink> reports;

    /** Writes run records only: no report. */
    public RunCommand() {
        this.reports = Optional.empty();
    }

    /** Ends by writing a report of the runs with {@code reports}. */
    public RunCommand(ReportSink reports) {
        this.reports = Optional.of(reports);
    }

    private Integer clientsPerGroup() {
        return clients != null ? clients : scale;
    }

    @Override
    public Integer call() throws Exception {
        selection.check(spec);
        // Before anything starts: a misspelt client or policy would otherwise fail every download of every run.
        if (clients != null && scale != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--clients and --scale are the same option (at most N clients per group): give one");
        }
        String clientsOption = clients != null ? "--clients" : "--scale";
        Optional<String> problem = RunOptions.clientCountProblem(clientsPerGroup()).map(p -> clientsOption + ": " + p);
        if (problem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem.get());
        }
        List<Scenario> loaded = selection.load();
        for (Scenario scenario : loaded) {
            Optional<SystemsUnderTest.ChoiceProblem> cannot = SystemsUnderTest.choiceProblem(scenario,
                    Optional.ofNullable(client), Optional.ofNullable(policy));
            if (cannot.isEmpty()) {
                continue;
            }
            String why = cannot.get().why();
            switch (cannot.get().choice()) {
                case CLIENT -> throw new CommandLine.ParameterException(spec.commandLine(), "--client: " + why);
                case POLICY -> throw new CommandLine.ParameterException(spec.commandLine(), "--policy: " + why);
                case SCENARIO_CLIENT -> {
                    // The file's mistake, not the command line's: said alone, as a bad scenario file's problems are;
                    // "Try 'drill run --help'" would point at options that cannot fix it.
                    spec.commandLine().getErr().println(why);
                    spec.commandLine().getErr().flush();
                    return 2;
                }
            }
        }
        Optional<WorldOption.Playable> playable = world.check("run", loaded, out, spec.commandLine().getErr());
        if (playable.isEmpty()) {
            return 2;
        }
        List<Scenario> toPlay = playable.get().scenarios();
        int skipped = playable.get().skipped();
        DrillRecords drill = selection.drill("run", reports, out, spec.commandLine().getErr());
        return InterruptOnSignal.run(signals, "run-shutdown", out, signalled -> play(drill, toPlay, skipped, signalled),
                drill::recordStopped);
    }

    private int play(DrillRecords drill, List<Scenario> loaded, int skipped, BooleanSupplier signalled)
            throws Exception {
        List<Summary.Unplayed> unplayed = new ArrayList<>();
        try (RunMetrics metrics = metricsPort == null ? null : new RunMetrics()) {
            if (metrics != null) {
                int port;
                try {
                    port = metrics.serve(metricsPort);
                } catch (IOException e) {
                    throw PortConverter.taken("--metrics-port", metricsPort, e)
                            .map(words -> new CommandLine.ParameterException(spec.commandLine(), words))
                            .orElseThrow(() -> e);
                }
                out.printf(Locale.ROOT, "metrics: http://127.0.0.1:%d/metrics%n", port);
            }
            for (Scenario scenario : loaded) {
                Summary.play(() -> run(scenario, metrics), scenario.name(), clientLabel(scenario), scenario.name(),
                        signalled, out, unplayed).ifPresent(drill::add);
            }
            if (metrics != null && !signalled.getAsBoolean()) {
                lastScrape(metrics);
            }
        }
        List<RunResult> done = drill.runs();
        out.println();
        Summary.table(out, done, unplayed);
        drill.record();
        if (skipped > 0) {
            out.printf(Locale.ROOT, "%d scenario(s) skipped: they cannot run on real servers (see the top)%n",
                    skipped);
        }
        if (!unplayed.isEmpty()) {
            out.printf(Locale.ROOT, "%d scenario(s) could not be played (see ERROR above)%n", unplayed.size());
        }
        return skipped == 0 && unplayed.isEmpty() && done.stream().allMatch(RunResult::passed) ? 0 : 1;
    }

    /**
     * The last scenario's final figures are read only by a scrape after its end: when something scrapes on a
     * schedule, the endpoint stays open for one more scrape, up to twice its interval.
     */
    private void lastScrape(RunMetrics metrics) throws InterruptedException {
        Optional<Duration> wait = metrics.lastScrapeWithin(LAST_SCRAPE_WAIT);
        if (wait.isPresent()) {
            out.printf(Locale.ROOT, "metrics: serving the final figures until the next scrape (at most %s)%n",
                    Durations.words(wait.get()));
            metrics.awaitScrape(wait.get());
        }
    }

    private RunResult run(Scenario scenario, RunMetrics metrics) throws Exception {
        out.printf("%n%s: %s%n", scenario.name(), firstSentence(scenario.description()));
        RunOptions options = RunOptions.defaults(selection.results).withClient(client).withPolicy(policy)
                .withClientCount(clientsPerGroup()).withListener(new LiveProgress(out));
        if (seed != null) {
            options = options.withSeed(seed);
        }
        if (metrics != null) {
            metrics.begin(scenario.name());
            options = options.withClientEvents(metrics.listener()).withRoutingMetrics(metrics.registry());
        }
        RunResult result = new ScenarioRunner(Clock.systemUTC(), world.starter()).run(scenario, options);
        if (metrics != null) {
            result = RunRecords.rewrite(result.withMetrics(metrics.snapshot()));
        }
        Summary.failures(out, result);
        out.printf(Locale.ROOT, "  %s in %.1f s; record: %s%n", result.passed() ? "PASSED" : "FAILED",
                result.elapsed().toMillis() / 1000.0, result.resultFile());
        return result;
    }

    /** The client/policy column for a run with no result to name them, as a result names them. */
    private String clientLabel(Scenario scenario) {
        return RunLabel.clients(scenario, Optional.ofNullable(client)) + "/"
                + RunLabel.policies(scenario, Optional.ofNullable(client), Optional.ofNullable(policy));
    }

    static String firstSentence(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        int dot = flat.indexOf(". ");
        return dot > 0 ? flat.substring(0, dot + 1) : flat;
    }
}
