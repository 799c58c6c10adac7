package io.outagedrill.benchmarks;

import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.cli.WorldOption;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A whole outage scenario as a JMH benchmark: one operation is one scenario run (topology up, the fleet of clients
 * on its stagger, the timeline of faults, every download recorded, SLOs judged, topology down), with the
 * harness's {@link ScenarioRunner}. {@link Mode#SingleShotTime}: a run is seconds long and has a beginning and an
 * end (the faults are scheduled from its start), so it must never be cut or looped the way throughput and
 * sample modes loop an operation for a fixed time.
 *
 * <p>The primary score is the scenario's wall time (s/op). The per-download times, which SLOs are about, come
 * from {@link DownloadTimesProfiler} (add it to the run; {@link ScenarioBench} does): every download of every
 * measured run becomes a sample of the secondary result {@code download}, with JMH's percentiles in the JSON.
 *
 * <p>Parameters: {@code scenario} (a name or a .yaml path), {@code client} ({@code reference}, {@code aria2c},
 * {@code curl}, {@code cmd:...}), {@code policy} (the reference client's; {@code default} keeps the scenario's),
 * {@code clients} (at most this many clients per group; {@code 0} keeps the scenario's), {@code world}
 * ({@code embedded} or {@code containers}: real servers in Docker containers, each run starting and removing its
 * own, as {@code drill run --world containers} does). System properties of the
 * fork: {@value #SCENARIOS} (the scenario folder) and {@value #RECORDS} (where measured runs write their run
 * records; warm-up runs write theirs to a temporary folder that is deleted).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ScenarioBenchmark {
    public static final String SCENARIOS = "outagedrill.bench.scenarios";
    public static final String RECORDS = "outagedrill.bench.records";

    @Param("malicious-mirror-corrupts-every-chunk")
    public String scenario;

    @Param("reference")
    public String client;

    @Param("adaptive")
    public String policy;

    @Param("0")
    public int clients;

    @Param("embedded")
    public String world;

    private ScenarioRunner runner;
    private Scenario loaded;
    private Path records;
    private Path warmupRecords;
    private RunOptions options;
    private RunResult last;
    private int invocation;

    @Setup(Level.Trial)
    public void load() throws IOException {
        loaded = BenchScenarios.load(scenario, Path.of(System.getProperty(SCENARIOS,
                ScenarioFiles.defaultDir().toString())));
        records = Files.createDirectories(Path.of(System.getProperty(RECORDS, "target/bench-records")));
        runner = new ScenarioRunner(Clock.systemUTC(), WorldOption.World.valueOf(world).starter());
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) throws IOException {
        Path into;
        if (params.getType() == IterationType.WARMUP) {
            warmupRecords = warmupRecords != null ? warmupRecords : Files.createTempDirectory("drill-bench-warmup-");
            into = warmupRecords;
        } else {
            // A folder per run: run records are named to the second, and two quick runs can share a second.
            into = records.resolve(String.format(Locale.ROOT, "run-%d-%03d", ProcessHandle.current().pid(),
                    invocation++));
        }
        RunOptions o = RunOptions.defaults(into).withClient(client)
                .withPolicy(policy.equals("default") ? null : policy);
        options = clients > 0 ? o.withClientCount(clients) : o;
    }

    /** One whole scenario run. */
    @Benchmark
    public RunResult run() throws IOException, InterruptedException {
        last = runner.run(loaded, options);
        return last;
    }

    /** Hands the run's downloads to {@link DownloadTimesProfiler}, outside the timed operation. */
    @TearDown(Level.Invocation)
    public void recordDownloads() {
        if (last != null) {
            DownloadTimesProfiler.record(last);
            last = null;
        }
    }

    @TearDown(Level.Trial)
    public void deleteWarmupRecords() {
        if (warmupRecords != null) {
            try (var paths = Files.walk(warmupRecords)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder; the OS cleans what is left
            }
        }
    }
}
