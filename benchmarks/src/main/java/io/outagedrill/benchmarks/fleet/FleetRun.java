package io.outagedrill.benchmarks.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.benchmarks.BenchScenarios;
import io.outagedrill.client.cli.StopOnSignal;
import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.FleetLimits;
import io.outagedrill.harness.run.RunListener;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.Observation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One fleet run in its own JVM (the bench starts one per fleet size, so each has the heap and the JIT to
 * itself): the scenario with every client group set to N clients, heap probes at three moments, and the figures
 * as one line {@value #PREFIX}JSON on standard output.
 */
public final class FleetRun {
    static final String PREFIX = "FLEET-FIGURES ";
    static final String BUILT_IN = "thundering-herd-fleet";

    private FleetRun() {
    }

    /**
     * How long a fleet asked to stop (its parent stopping: Ctrl-C, SIGTERM) has to end its run: within the parent's
     * grace before it kills this JVM.
     */
    static final Duration STOP_LIMIT = StopWithParent.GRACE.minusSeconds(1);

    /**
     * {@code FleetRun CLIENTS SCENARIO RESULTS_DIR}. Stopped by a signal, the run is interrupted and ends as {@code
     * drill run}'s does, so its world and its clients' part files (4 MiB each) leave no temporary folders behind.
     */
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        Scenario scenario = withClients(load(args[1]), clients);
        Thread main = Thread.currentThread();
        AtomicBoolean signalled = new AtomicBoolean();
        FleetFigures figures;
        try (StopOnSignal stop = StopOnSignal.install("stop-fleet", () -> {
            signalled.set(true);
            main.interrupt();
        }, STOP_LIMIT)) {
            figures = run(scenario, Path.of(args[2]));
        } catch (Exception e) {
            if (signalled.get()) {
                return; // cleaned up; the JVM ends with the signal's exit code
            }
            throw e;
        }
        if (signalled.get()) {
            return;
        }
        System.out.println(PREFIX + new ObjectMapper().writeValueAsString(figures));
        System.exit(0); // the fakes' and clients' daemon threads need no drain
    }

    /**
     * The fleet's own scenario, {@value #BUILT_IN} (kept out of the scenarios folder: 1000 clients is no drill), or
     * any other; a {@link io.outagedrill.harness.scenario.ScenarioException} when there is none by that name. The
     * bench's command loads it too, so that a bad name is a usage error before any fleet JVM starts.
     */
    public static Scenario load(String name) throws java.io.IOException {
        if (name.equals(BUILT_IN)) {
            try (var in = FleetRun.class.getResourceAsStream("/fleet/" + BUILT_IN + ".yaml")) {
                return ScenarioLoader.parse("fleet/" + BUILT_IN + ".yaml", BUILT_IN,
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return BenchScenarios.load(name, ScenarioFiles.defaultDir());
    }

    /**
     * The scenario with every client group set to exactly {@code clients} (above its own count too); the rest as
     * it is, its routing controller included, which its routing SLOs judge.
     */
    static Scenario withClients(Scenario s, int clients) {
        List<ClientGroup> groups = s.clients().stream().map(g -> new ClientGroup(g.name(), clients, g.client(),
                g.policy(), g.stagger(), g.file(), g.options())).toList();
        return new Scenario(s.name(), s.description(), s.source(), s.tags(), s.seed(), s.compress(), s.clock(),
                s.topology(), groups, s.timeline(), s.slos(), s.routing());
    }

    static FleetFigures run(Scenario scenario, Path results) throws Exception {
        int clients = scenario.clients().stream().mapToInt(ClientGroup::count).sum();
        long fleetBytes = clients * scenario.topology().files().getFirst().size();
        var os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        double loadBefore = os.getSystemLoadAverage();
        AtomicLong baseline = new AtomicLong(-1);
        AtomicLong idle = new AtomicLong(-1);
        AtomicLong mid = new AtomicLong(-1);
        AtomicInteger started = new AtomicInteger();
        AtomicLong verified = new AtomicLong();
        AtomicBoolean idleTaken = new AtomicBoolean();
        AtomicReference<String> idleSkipped = new AtomicReference<>("");
        AtomicInteger quartersTaken = new AtomicInteger();
        AtomicLong peakProbe = new AtomicLong(-1);
        RunListener listener = new RunListener() {
            @Override
            public void step(String what) {
                System.err.println("  " + what);
                if (what.startsWith("topology up")) {
                    baseline.set(HeapProbe.liveNow());
                }
            }

            @Override
            public void clientStarted(String id) {
                if (started.incrementAndGet() != clients || !idleTaken.compareAndSet(false, true)) {
                    return;
                }
                long bytes = verified.get();
                if (bytes >= fleetBytes / 20) {
                    idleSkipped.set(pastIdle(bytes, fleetBytes));
                    return;
                }
                Thread.ofPlatform().daemon().name("heap-probe").start(() -> {
                    idle.set(HeapProbe.liveNow());
                    peakProbe.accumulateAndGet(idle.get(), Math::max);
                });
            }

            @Override
            public void observed(String clientId, Observation observation) {
                if (!(observation instanceof Observation.ChunkVerified v)) {
                    return;
                }
                long bytes = verified.addAndGet(v.bytes());
                // Quarters of the fleet's bytes: the live heap at each, the half also as a class histogram.
                int quarter = (int) Math.min(3, bytes * 4 / fleetBytes);
                if (quarter > quartersTaken.get() && quartersTaken.compareAndSet(quarter - 1, quarter)) {
                    Thread.ofPlatform().daemon().name("heap-probe").start(() -> {
                        long live = HeapProbe.liveNow();
                        peakProbe.accumulateAndGet(live, Math::max);
                        if (quarter == 2) {
                            mid.set(live);
                            writeQuietly(results.resolve("histogram-mid.txt"), HeapProbe.histogram(60));
                        }
                    });
                }
            }

            @Override
            public void clientFinished(DownloadRecord record) {
                if (!record.succeeded()) {
                    System.err.println("  " + record.id() + " failed: " + firstLine(record.output()));
                }
            }
        };
        long cpuBefore = os.getProcessCpuTime();
        RunResult result;
        try (HeapProbe heap = new HeapProbe()) {
            result = new ScenarioRunner().run(scenario, options(results, listener));
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            double[] times = result.downloads().stream().filter(DownloadRecord::succeeded)
                    .mapToDouble(d -> d.elapsed().toNanos() / 1e9).sorted().toArray();
            List<SloVerdict> verdicts = result.verdicts();
            String limit = verdicts.stream().filter(v -> v.slo().equals("fleet within its limits")).map(
                    SloVerdict::measured).findFirst().orElse("");
            return new FleetFigures(clients, Runtime.getRuntime().maxMemory() >> 20,
                    seconds(result.elapsed()), round(cpu), heap.peakUsed() >> 20, heap.peakLiveAfterGc() >> 20,
                    peakProbe.get() < 0 ? -1 : peakProbe.get() >> 20,
                    baseline.get() >> 20, idle.get() < 0 ? -1 : idle.get() >> 20,
                    idle.get() < 0 ? idleMissing(idleSkipped.get(), started.get(), clients) : "",
                    mid.get() < 0 ? -1 : mid.get() >> 20,
                    times.length, percentile(times, 0.5), percentile(times, 0.9), percentile(times, 0.99),
                    percentile(times, 1), (int) verdicts.stream().filter(SloVerdict::passed).count(),
                    verdicts.size(), result.passed(), limit,
                    ManagementFactory.getThreadMXBean().getPeakThreadCount(),
                    "%.1f → %.1f".formatted(loadBefore, os.getSystemLoadAverage()));
        }
    }

    /**
     * Why there is no idle figure when every client had started: the users arrive one after the other (60 ms
     * apart in {@value #BUILT_IN}), and the first ones had downloaded so much by the last one's start that no
     * moment had every client started and the fleet below 5% of its bytes. At 100 clients the last starts after
     * 6 s, by when a quiet machine has long passed 5%.
     */
    static String pastIdle(long verifiedBytes, long fleetBytes) {
        return ("not measured: the fleet had %d%% of its bytes when its last client started, past the 5%% an idle "
                + "fleet has at most (clients arrive one after another; the first were downloading)")
                .formatted(verifiedBytes * 100 / fleetBytes);
    }

    /** Why {@code idleMiB} is -1: as the clients' start saw it, or because not every client started. */
    static String idleMissing(String seen, int started, int clients) {
        if (!seen.isEmpty()) {
            return seen;
        }
        return started < clients ? "not measured: only %d of %d clients started".formatted(started, clients)
                : "not measured: the probe had not finished when the run ended";
    }

    /**
     * The runner's options for a fleet: its limit hits say to raise {@code --heap}, which sets this JVM's heap,
     * rather than {@code DRILL_JAVA_OPTS}, which sets only the {@code drill} JVM's that started it.
     */
    static RunOptions options(Path results, RunListener listener) {
        return RunOptions.defaults(results).withListener(listener)
                .withLimits(FleetLimits.DEFAULT.withMoreHeap(FleetJvm.MORE_HEAP));
    }

    private static void writeQuietly(Path file, String text) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            System.err.println("  cannot write " + file + ": " + e.getMessage());
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return round(sorted[io.outagedrill.harness.run.NearestRank.rank(sorted.length, p * 100) - 1]);
    }

    private static double seconds(Duration d) {
        return round(d.toNanos() / 1e9);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String firstLine(String s) {
        int end = s.indexOf('\n');
        return end < 0 ? s : s.substring(0, end);
    }
}
