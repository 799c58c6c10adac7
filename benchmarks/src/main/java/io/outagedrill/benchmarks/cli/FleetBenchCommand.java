package io.outagedrill.benchmarks.cli;

import io.outagedrill.benchmarks.fleet.FleetBench;
import io.outagedrill.client.cli.FolderConverter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "Maximum heap of each fleet's JVM, as -Xmx takes it (default 2g).")
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

    /** Where messages go; tests replace it. */
    PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
            console.println("bench-fleet: --clients needs sizes of at least 1, saw " + sizes);
            return 2;
        }
        FleetBench.Settings settings = new FleetBench.Settings(sizes, heap, scenario, out,
                Duration.ofSeconds(timeLimit), jvm);
        return FleetBench.run(settings, console) ? 0 : 1;
    }
}
