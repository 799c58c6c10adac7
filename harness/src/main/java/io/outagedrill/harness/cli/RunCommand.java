package io.outagedrill.harness.cli;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drill run NAME... | --all}: plays named outage scenarios against a downloader and checks their SLOs. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run outage scenarios: bring up the fake CDNs, start the clients, break things on the "
                + "scenario's timeline, and judge the SLOs.", "Exit code 0 when every SLO of every run held, 1 otherwise."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Scenario names (files in the scenarios folder) "
            + "or paths to .yaml files.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every scenario in the folder.")
    boolean all;

    @Option(names = "--client", paramLabel = "CLIENT", description = "reference, reference-cli, aria2c, curl or "
            + "cmd:TEMPLATE, instead of the scenario's own.")
    String client;

    @Option(names = "--policy", paramLabel = "NAME", description = "Failover policy (reference) or profile (aria2c).")
    String policy;

    @Option(names = "--seed", paramLabel = "N", description = "Instead of the scenario's seed.")
    Long seed;

    @Option(names = "--clients", paramLabel = "N", description = "At most N clients per group (a quicker run).")
    Integer clients;

    @Option(names = "--scenarios", paramLabel = "DIR", description = "Scenario folder (default ./scenarios).")
    Path scenarios;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "drill-results",
            description = "Where run records (JSON) go (default drill-results).")
    Path results;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (names.isEmpty() && !all) {
            out.println("name one or more scenarios, or --all; `drill list` shows them");
            return 2;
        }
        List<Scenario> loaded = ScenarioFiles.load(scenarios != null ? scenarios : ScenarioFiles.defaultDir(), names, all);
        List<RunResult> done = new ArrayList<>();
        for (Scenario scenario : loaded) {
            out.printf("%n%s: %s%n", scenario.name(), firstSentence(scenario.description()));
            RunOptions options = RunOptions.defaults(results).withClient(client).withPolicy(policy)
                    .withClientCount(clients).withListener(new LiveProgress(out));
            if (seed != null) {
                options = options.withSeed(seed);
            }
            RunResult result = new ScenarioRunner().run(scenario, options);
            Summary.failures(out, result);
            out.printf("  %s in %.1f s; record: %s%n", result.passed() ? "PASSED" : "FAILED",
                    result.elapsed().toMillis() / 1000.0, result.resultFile());
            done.add(result);
        }
        out.println();
        Summary.table(out, done);
        ReportSink.find().ifPresent(sink -> {
            try {
                out.printf("%nreport: %s%n", sink.write(done, results.resolve("report")).toAbsolutePath());
            } catch (java.io.IOException e) {
                out.println("could not write the report: " + e.getMessage());
            }
        });
        out.printf("%nresults: %s%n", results.toAbsolutePath());
        return done.stream().allMatch(RunResult::passed) ? 0 : 1;
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
