package io.outagedrill.harness.cli;

import io.outagedrill.harness.containers.ContainersWorld;
import io.outagedrill.harness.containers.RealServerFitReport;
import io.outagedrill.harness.run.WorldStarter;
import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --world embedded|containers}: where a command's providers and fault proxy live (run, compare, and bench in
 * the benchmarks module, whose JMH forks get the world by name).
 */
public final class WorldOption {
    /** Where a run's providers and fault proxy live. */
    public enum World {
        embedded, containers;

        /** A new starter for one run in this world. */
        public WorldStarter starter() {
            return this == containers ? new ContainersWorld() : WorldStarter.EMBEDDED;
        }
    }

    @Option(names = "--world", paramLabel = "WORLD", defaultValue = "embedded", description = "embedded (fake "
            + "servers and fault proxy in this process, the default) or containers (nginx servers and the fault "
            + "proxy in Docker containers, made by containers/prepare.sh; steps they cannot act out are listed "
            + "first).")
    World world = World.embedded;

    /** The scenarios this world can play, after saying which it cannot and why. */
    public record Playable(List<Scenario> scenarios, int skipped) {
    }

    /**
     * Checks the world before anything starts: empty (after one line saying how to get an engine) when the
     * containers world is asked for and unavailable; otherwise the scenarios it can play, the report printed.
     */
    public Optional<Playable> check(String command, List<Scenario> loaded, PrintStream out) {
        if (world == World.embedded) {
            return Optional.of(new Playable(loaded, 0));
        }
        Optional<String> unavailable = ContainersWorld.unavailableReason();
        if (unavailable.isPresent()) {
            out.println("drill " + command + " --world containers: " + unavailable.get());
            return Optional.empty();
        }
        List<Scenario> runnable = RealServerFitReport.print(loaded, out);
        return runnable.isEmpty() ? Optional.empty()
                : Optional.of(new Playable(runnable, loaded.size() - runnable.size()));
    }

    /** The world asked for. */
    public World world() {
        return world;
    }

    /** A new starter for one run. */
    WorldStarter starter() {
        return world.starter();
    }
}
