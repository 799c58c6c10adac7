package io.outagedrill.benchmarks;

import io.outagedrill.fakes.TempTrees;

import io.outagedrill.harness.cli.WorldOption;
import io.outagedrill.harness.run.RunLabel;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link ScenarioBenchmark} for scenarios × clients × policies through the JMH Runner API, with
 * {@link DownloadTimesProfiler}, and writes JMH's JSON. One JMH run per client and set of policies its scenarios are
 * played with ({@link #byPolicies}): policies are the reference client's, so aria2c, curl and {@code cmd:} clients
 * run once each with policy {@code default}. Clients that cannot run here
 * (not installed) are skipped, each with the reason and the install command.
 */
public final class ScenarioBench {

    /**
     * What to run.
     *
     * @param clientCount at most this many clients per group; null keeps each scenario's own
     * @param out         the folder: {@code jmh.json} (JMH's JSON) and {@code records/} (the measured runs' records)
     * @param world       where the forks' runs put providers and fault proxy (JMH parameter {@code world})
     */
    public record Settings(List<String> scenarios, List<Scenario> loaded, List<String> policies, List<String> clients,
                           Integer clientCount, int warmups, int iterations, int forks, Path scenarioDir, Path out,
                           VerboseMode verbosity, List<String> extraJvm, WorldOption.World world) {
        public Settings {
            scenarios = List.copyOf(scenarios);
            loaded = List.copyOf(loaded);
            if (loaded.size() != scenarios.size()) {
                throw new IllegalArgumentException("a loaded scenario for each name: %d names, %d scenarios"
                        .formatted(scenarios.size(), loaded.size()));
            }
            policies = List.copyOf(policies);
            clients = List.copyOf(clients);
            extraJvm = List.copyOf(extraJvm);
        }

        public Path json() {
            return out.resolve("jmh.json");
        }

        public Path records() {
            return out.resolve("records");
        }
    }

    /** What ran: JMH's results (also in {@link Settings#json()}), and the clients skipped with why. */
    public record Outcome(Path json, Path records, List<RunResult> results, List<String> skipped, List<String> missing) {
    }

    private ScenarioBench() {
    }

    /** Why a client cannot run on this machine, with how to install it; empty when it can. */
    public static Optional<String> unavailable(String client) {
        return SystemsUnderTest.named(client, Clock.systemUTC()).unavailable();
    }

    /**
     * Runs the benchmarks. The folder's previous {@code jmh.json} and {@code records/} are the output of an earlier
     * bench and are replaced, so the report pools only this bench's runs.
     */
    public static Outcome run(Settings s, PrintStream console) throws IOException, RunnerException {
        Files.createDirectories(s.out());
        if (Files.exists(s.records()) || Files.exists(s.json())) {
            console.println("replacing the previous bench in " + s.out().toAbsolutePath());
            Files.deleteIfExists(s.json());
            TempTrees.delete(s.records());
        }
        List<String> skipped = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        Set<String> expected = new LinkedHashSet<>();
        for (String client : s.clients()) {
            Optional<String> why = unavailable(client);
            if (why.isPresent()) {
                String line = "skipping client %s: %s".formatted(client, why.get());
                skipped.add(line);
                console.println(line);
                continue;
            }
            for (Map.Entry<List<String>, List<String>> group : byPolicies(client, s.scenarios(), s.loaded(),
                    s.policies()).entrySet()) {
                List<String> policies = group.getKey();
                List<String> scenarios = group.getValue();
                for (String scenario : scenarios) {
                    for (String policy : policies) {
                        expected.add(scenario + " · " + client + " · " + policy);
                    }
                }
                console.printf("benchmarking %s: %d scenario(s) × %s, %d warm-up + %d measured run(s) each, %d fork(s)%n",
                        client, scenarios.size(), String.join(",", policies), s.warmups(), s.iterations(), s.forks());
                results.addAll(new Runner(options(s, client, scenarios, policies)).run());
            }
        }
        if (!results.isEmpty()) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, s.json().toString()).writeOut(results);
        }
        for (RunResult r : results) {
            expected.remove(r.getParams().getParam("scenario") + " · " + r.getParams().getParam("client") + " · "
                    + r.getParams().getParam("policy"));
        }
        return new Outcome(s.json(), s.records(), results, skipped, List.copyOf(expected));
    }

    /**
     * {@code names} (loaded as {@code loaded}) grouped by the policies {@code client} plays them with, one JMH run
     * each: JMH plays every scenario with every policy given, so a scenario whose "default" is another policy listed
     * goes in a run without it ({@link RunLabel#distinctPolicies}), and nothing is played twice. Clients other than
     * the reference client play "default" alone.
     */
    static Map<List<String>, List<String>> byPolicies(String client, List<String> names, List<Scenario> loaded,
                                                      List<String> policies) {
        Map<List<String>, List<String>> groups = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            List<String> played = client.startsWith("reference")
                    ? RunLabel.distinctPolicies(loaded.get(i), client, policies) : List.of("default");
            groups.computeIfAbsent(played, p -> new ArrayList<>()).add(names.get(i));
        }
        return groups;
    }

    static org.openjdk.jmh.runner.options.Options options(Settings s, String client, List<String> scenarios,
                                                          List<String> policies) {
        List<String> jvm = new ArrayList<>(List.of(
                "-D" + ScenarioBenchmark.SCENARIOS + "=" + s.scenarioDir().toAbsolutePath(),
                "-D" + ScenarioBenchmark.RECORDS + "=" + s.records().toAbsolutePath(),
                "-Djava.net.preferIPv4Stack=true"));
        jvm.addAll(s.extraJvm());
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(ScenarioBenchmark.class.getName()) + "\\.run$")
                .param("scenario", scenarios.toArray(String[]::new))
                .param("client", client)
                .param("policy", policies.toArray(String[]::new))
                .param("clients", String.valueOf(s.clientCount() == null ? 0 : s.clientCount()))
                .param("world", s.world().name())
                .warmupIterations(s.warmups())
                .measurementIterations(s.iterations())
                .forks(s.forks())
                .jvmArgsAppend(jvm.toArray(String[]::new))
                .timeout(TimeValue.minutes(15))
                .addProfiler(DownloadTimesProfiler.class)
                .verbosity(s.verbosity());
        return o.build();
    }
}
