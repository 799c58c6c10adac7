package io.outagedrill.benchmarks.cli;

import io.outagedrill.benchmarks.fleet.FleetBench;
import io.outagedrill.benchmarks.fleet.FleetRun;
import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.harness.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code drill bench-fleet}: the cost of a fleet of in-process reference clients at several sizes, each size in a
 * JVM of its own with a fixed heap: wall time, CPU, peak heap, live heap per client, completion percentiles.
 */
@Command(name = "bench-fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a fleet of in-process reference clients at several sizes (the thundering herd's "
                + "world and faults, a 4 MiB file in 1 MiB chunks): wall time, CPU, peak heap, heap per client, "
                + "completion percentiles. Each size runs in its own JVM.",
                "Writes fleet.md (a Markdown table), fleet.svg (the curve) and fleet.json to --out.",
                "Exit code 0 when every size passed, 1 when one failed or hit a limit, 2 on a usage error."})
public final class FleetBenchCommand implements Callable<Integer> {
    @Option(names = "--clients", split = ",", paramLabel = "N1,N2", defaultValue = "100,300,1000",
            description = "Fleet sizes, one JVM each (default 100,300,1000).")
    List<Integer> sizes;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g", converter = HeapSizeConverter.class,
            description = "Maximum heap of each fleet's JVM, as -Xmx takes it, at least 8m (default 2g).")
    String heap;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", defaultValue = "thundering-herd-fleet",
            description = "Scenario whose client groups are set to each size (default: the built-in "
                    + "thundering-herd-fleet).")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR", converter = FolderConverter.class, defaultValue = "drill-bench/fleet",
            description = "Where the table, chart, figures and run records go (default drill-bench/fleet).")
    Path out;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "900",
            description = "Longest one size may run before its JVM is killed (default 900).")
    long timeLimit;

    @Option(names = "--jvm", paramLabel = "ARG", description = "An extra JVM argument for each fleet's JVM "
            + "(repeatable; each already has -Djdk.virtualThreadScheduler.parallelism=8, which this overrides).")
    List<String> jvm = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Where messages go; tests replace it. */
    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        checkInputs();
        FleetBench.Settings settings = new FleetBench.Settings(sizes, heap, scenario, out,
                Duration.ofSeconds(timeLimit), jvm);
        return FleetBench.run(settings, console) ? 0 : 1;
    }

    /**
     * Each input a fleet JVM would otherwise trip over after it started (a stack trace from the child, a
     * half-written table), as one line naming the option, exit code 2, before any JVM starts.
     */
    private void checkInputs() throws InterruptedException {
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
            throw usage("--clients: expected sizes of at least 1, saw " + sizes);
        }
        if (timeLimit < 1) {
            throw usage("--time-limit: expected at least 1 second, saw " + timeLimit);
        }
        // The JVM takes the last -Xmx, so one here would set the heap behind --heap's back, and the out-of-heap
        // advice, which names --heap, would change nothing.
        jvm.stream().filter(arg -> arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxHeapSize")).findFirst()
                .ifPresent(arg -> {
                    throw usage("--jvm " + arg + ": the fleet JVM's heap is --heap's to set (e.g. --heap 4g)");
                });
        try {
            FleetBench.jvmRefusal(jvm).ifPresent(why -> {
                throw usage("--jvm " + String.join(" ", jvm) + ": the JVM refuses it: " + why);
            });
        } catch (IOException e) {
            throw usage("--jvm: cannot start java to check it: " + e.getMessage());
        }
        try {
            FleetRun.load(scenario);
        } catch (ScenarioException | IOException e) {
            throw usage("--scenario " + scenario + ": " + e.getMessage().strip());
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw usage("--out %s: cannot create this folder (%s: %s)".formatted(out, e.getClass().getSimpleName(),
                    e.getMessage()));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
