package io.outagedrill.benchmarks.cli;

import io.outagedrill.reports.Reports;
import io.outagedrill.reports.RunResultsFolder;
import io.outagedrill.benchmarks.BenchScenarios;
import io.outagedrill.benchmarks.ScenarioBench;
import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.harness.cli.ClientsAndPolicies;
import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.cli.WorldOption;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemsUnderTest;
import io.outagedrill.reports.history.ReportHistory;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drill bench}: runs scenarios as JMH benchmarks (each scenario × policy × client; one operation = one whole
 * scenario run; every download's completion time a JMH sample), writes JMH's JSON, then the report with JMH's
 * percentiles beside the run records', and prints the report's path last.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = PeersBenchCommand.class,
        description = {"Benchmark scenarios with JMH (each scenario × policy × installed client) and write the report.",
                "One JMH operation is one whole scenario run; every download is a sample, so the report shows JMH's "
                        + "p50/p90/p99/p99.9 per download beside the run records'.",
                "'drill bench peers' instead times the CLI beside aria2c, curl and openssl on nginx mirrors.",
                "Exit code 0 when written, 1 when a benchmark failed or a scenario could not run on real servers, 2 on "
                        + "a usage error or without the containers world asked for."})
public final class BenchCommand implements Callable<Integer> {
    /** Small scenarios (16 MiB, 3 clients, one fault from the start) for --quick. */
    static final List<String> QUICK_SCENARIOS = List.of("malicious-mirror-corrupts-every-chunk", "redirect-off-manifest");

    @Option(names = "--scenarios", split = ",", paramLabel = "A,B",
            description = "Scenario names or .yaml paths (default: every scenario; with --quick: "
                    + "malicious-mirror-corrupts-every-chunk,redirect-off-manifest).")
    List<String> scenarios;

    /** Told whether --policies was given (it has a default); null when the command is made without picocli. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policies", split = ",", paramLabel = "P1,P2", defaultValue = "sequential,parallel,adaptive",
            description = "Reference-client policies (default: all three).")
    List<String> policies;

    @Option(names = "--clients", split = ",", paramLabel = "C1,C2", defaultValue = "reference,aria2c,curl",
            description = "Clients: reference, reference-cli, aria2c, curl, cmd:... (default reference,aria2c,curl; "
                    + "those not installed are skipped, saying how to install them); a cmd: template with a comma in "
                    + "it goes in double quotes: 'curl,\"cmd:dl --x=a,b {urls}\"'.")
    List<String> clients;

    @Option(names = "--quick", description = "Quick profile: two small scenarios, 2 clients per group, 1 warm-up and "
            + "2 measured runs, 1 fork.")
    boolean quick;

    @Option(names = "--scale", paramLabel = "N", description = "At most N clients per group (default: each scenario's "
            + "own; 2 with --quick).")
    Integer scale;

    @Option(names = "--warmups", paramLabel = "N", description = "Warm-up runs per benchmark, discarded (default 1).")
    Integer warmups;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured runs per benchmark (default 3; 2 with "
            + "--quick).")
    Integer iterations;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "1", description = "Forked JVMs per benchmark "
            + "(default 1).")
    int forks;

    @Option(names = "--scenario-dir", paramLabel = "DIR", description = ScenarioFiles.FOLDER_HELP)
    Path scenarioDir;

    @Mixin
    WorldOption world = new WorldOption();

    @Option(names = "--out", paramLabel = "DIR", converter = FolderConverter.class, defaultValue = "drill-bench",
            description = "Where JMH's JSON (jmh.json), the run records (records/) and the reports (reports/ID/, listed in index.html) go "
                    + "(default drill-bench; a previous bench there is replaced).")
    Path out;

    @Option(names = "--jvm", paramLabel = "ARG", description = "An extra JVM argument for the forks (repeatable).")
    List<String> jvm = new ArrayList<>();

    @Option(names = "--silent", description = "Hide JMH's own progress output.")
    boolean silent;

    /** Where messages go; tests replace it. */
    PrintStream console = System.out;
    /** Where refusals and failures go, apart from the progress and the report's paths; tests replace it. */
    PrintStream errors = System.err;

    /**
     * A count JMH or the benchmark would take wrongly, named with its option: JMH refuses negative warm-ups and
     * zero iterations only with a stack trace, after the previous bench was replaced, and a scale below 1 reads as
     * "the scenario's own", every scenario at its full size.
     */
    private Optional<String> countProblem() {
        if (warmups != null && warmups < 0) {
            return Optional.of("--warmups: expected 0 or more, was " + warmups);
        }
        if (iterations != null && iterations < 1) {
            return Optional.of("--iterations: expected at least 1, was " + iterations);
        }
        if (forks < 0) {
            return Optional.of("--forks: expected 0 (run in this JVM) or more, was " + forks);
        }
        return RunOptions.clientCountProblem(scale).map(p -> "--scale: " + p);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream o = console;
        Optional<String> badCount = countProblem();
        if (badCount.isPresent()) {
            errors.println("bench: " + badCount.get());
            return 2;
        }
        Path dir = scenarioDir != null ? scenarioDir : ScenarioFiles.defaultDir();
        List<String> names = scenarios != null ? scenarios : quick ? QUICK_SCENARIOS : null;
        if (names == null) {
            if (!Files.isDirectory(dir)) {
                errors.println("bench: no scenario folder at " + dir.toAbsolutePath() + "; pass --scenarios or --scenario-dir");
                return 2;
            }
            names = BenchScenarios.all(dir);
        }
        List<Scenario> loaded;
        try {
            // A bad name or file fails here, before any JVM forks.
            loaded = ScenarioFiles.loadOrBuiltIn(dir, names);
        } catch (RuntimeException e) {
            errors.println("bench: " + e.getMessage());
            return 2;
        }
        if (names.isEmpty() || policies.isEmpty() || clients.isEmpty()) {
            errors.println("bench: nothing to run (no scenarios, policies or clients)");
            return 2;
        }
        // A cmd: template with a comma in it comes quoted whole, as in drill compare.
        clients = ClientsAndPolicies.unquoted(clients);
        // As drill compare checks them; a client not installed is skipped later, saying how to install it.
        Optional<String> misspelt = ClientsAndPolicies.trailingComma(spec == null ? null
                        : spec.commandLine().getParseResult())
                .or(() -> ClientsAndPolicies.problem(clients, policies,
                        spec != null && spec.commandLine().getParseResult().hasMatchedOption("--policies"),
                        SystemsUnderTest::clientProblem));
        if (misspelt.isPresent()) {
            errors.println("bench: " + misspelt.get());
            return 2;
        }
        // As drill run does: no engine stops here; scenarios real servers cannot play are left out, saying why.
        Optional<WorldOption.Playable> playable = world.check("bench", loaded, o, new PrintWriter(errors, true));
        if (playable.isEmpty()) {
            return 2;
        }
        List<String> playing = new ArrayList<>();
        List<Scenario> playingLoaded = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (playable.get().scenarios().contains(loaded.get(i))) {
                playing.add(names.get(i));
                playingLoaded.add(loaded.get(i));
            }
        }
        ScenarioBench.Settings settings = new ScenarioBench.Settings(playing, playingLoaded, policies, clients,
                scale != null ? scale : quick ? Integer.valueOf(2) : null,
                warmups != null ? warmups : 1, iterations != null ? iterations : quick ? 2 : 3, forks,
                dir, out, silent ? VerboseMode.SILENT : VerboseMode.NORMAL, jvm, world.world());
        ScenarioBench.Outcome outcome = ScenarioBench.run(settings, o);
        if (outcome.results().isEmpty()) {
            errors.println("bench: no benchmark ran" + (outcome.skipped().isEmpty() ? "" : " (every client was skipped)"));
            return 1;
        }
        outcome.missing().forEach(m -> o.println("FAILED (no JMH result, see JMH's output above): " + m));
        o.println("jmh: " + outcome.json().toAbsolutePath());
        RunResultsFolder.Loaded records = RunResultsFolder.read(outcome.records());
        if (records.runs().isEmpty()) {
            errors.println("bench: the benchmarks left no run records in " + outcome.records().toAbsolutePath());
            return 1;
        }
        // Into the folder's history like every drill: earlier bench reports stay, and `drill report --run ID`
        // rebuilds this one from the records and JMH's JSON.
        Reports.Written w = new ReportHistory(out, Clock.systemUTC())
                .record("bench", null, records.runs(), List.of(outcome.json())).written();
        o.println("run records: " + outcome.records().toAbsolutePath());
        o.println("markdown: " + w.markdown().toAbsolutePath());
        o.println("report: " + w.html().toAbsolutePath());
        if (playable.get().skipped() > 0) {
            o.printf("%d scenario(s) skipped: they cannot run on real servers (see the top)%n",
                    playable.get().skipped());
        }
        return outcome.missing().isEmpty() && playable.get().skipped() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
