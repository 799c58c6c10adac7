package io.outagedrill.harness.cli;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.containers.ContainersWorld;
import io.outagedrill.harness.containers.RealServerFitReport;
import io.outagedrill.harness.run.WorldStarter;
import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --world embedded|containers}: where a command's providers and fault proxy live (run, compare, topology up,
 * and bench in the benchmarks module, whose JMH forks get the world by name). {@link World} is also the choice
 * outside picocli (the Maven goal's {@code <world>}), so every entry point checks and starts a world the same way.
 */
public final class WorldOption {
    /** Where a run's providers and fault proxy live. */
    public enum World {
        embedded, containers;

        /** A new starter for one run in this world. */
        public WorldStarter starter() {
            return this == containers ? new ContainersWorld() : WorldStarter.EMBEDDED;
        }

        /** {@code builder}'s world (no scenario) in this world; closing it stops everything it started. */
        public Topology start(Topology.Builder builder) {
            return this == containers ? ContainersWorld.start(builder) : builder.start();
        }

        /** Why this world cannot start here, in words ending with how to get it; empty when it can. */
        public Optional<String> unavailableReason() {
            return this == containers ? ContainersWorld.unavailableReason() : Optional.empty();
        }

        /**
         * The scenarios this world can play, in order: all of them in-process; on real servers, after printing
         * for each the steps they cannot act out, and skipping (with a line why) those they cannot build at all.
         */
        public List<Scenario> playable(List<Scenario> loaded, PrintStream out) {
            return this == containers ? RealServerFitReport.print(loaded, out) : List.copyOf(loaded);
        }
    }

    @Option(names = "--world", paramLabel = "WORLD", defaultValue = "embedded", description = "embedded (fake "
            + "servers and fault proxy in this process, the default) or containers (nginx servers and the fault "
            + "proxy in Docker containers, made by containers/prepare.sh; a scenario's steps they cannot act out "
            + "are listed first).")
    World world = World.embedded;

    /** The scenarios this world can play, after saying which it cannot and why. */
    public record Playable(List<Scenario> scenarios, int skipped) {
    }

    /**
     * Checks the world before anything starts: empty (after one line on {@code err} saying how to get an engine) when the
     * containers world is asked for and unavailable; otherwise the scenarios it can play, the report printed.
     */
    public Optional<Playable> check(String command, List<Scenario> loaded, PrintStream out, PrintWriter err) {
        if (world == World.embedded) {
            return Optional.of(new Playable(loaded, 0));
        }
        Optional<String> unavailable = unavailableLine(command);
        if (unavailable.isPresent()) {
            err.println(unavailable.get());
            err.flush();
            return Optional.empty();
        }
        List<Scenario> runnable = world.playable(loaded, out);
        return runnable.isEmpty() ? Optional.empty()
                : Optional.of(new Playable(runnable, loaded.size() - runnable.size()));
    }

    /**
     * The one line a command prints, and stops with exit status 2, when the world asked for cannot start here
     * ({@code drill run --world containers: no Docker engine reachable (...); run containers/prepare.sh ...});
     * empty when it can.
     */
    public Optional<String> unavailableLine(String command) {
        return world.unavailableReason().map(reason -> "drill " + command + " --world " + world + ": " + reason);
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
