package io.outagedrill.harness.junit;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.run.ScenarioManifests;
import io.outagedrill.harness.scenario.Scenario;
import java.time.Clock;

/**
 * The values of one {@link FakeWorld} annotation: equal values ask for the same world, so this is the key a
 * class's worlds are kept under.
 */
record WorldSpec(String scenario, String scenarios, long seed, int providers, String file, String size,
                 World world) {
    /** What an annotation with no values of its own says. */
    static final WorldSpec UNSET = new WorldSpec("", "", -1, 3, "video.mp4", "4MiB", World.EMBEDDED);

    static WorldSpec of(FakeWorld annotation) {
        return new WorldSpec(annotation.scenario(), annotation.scenarios(), annotation.seed(),
                annotation.providers(), annotation.file(), annotation.size(), annotation.world());
    }

    /**
     * Starts the world: the scenario's topology with nothing broken, or a plain one, in {@link #world()} (on
     * containers as {@code drill run} and {@code drill topology up --world containers} start theirs).
     */
    Topology start() {
        if (!scenario.isEmpty()) {
            Scenario found = ScenarioLookup.find("@FakeWorld", scenario, scenarios);
            Topology started = world.starter().start(found, seed >= 0 ? seed : found.seed(), Clock.systemUTC());
            try {
                // The manifest a run of the scenario signs: each file's own mirrors, in its order (the topology's
                // lists every provider, an edge's origin too, which the scenario may keep out of the manifest).
                ScenarioManifests.publish(found, started);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            return started;
        }
        return world.start(Topology.builder().seed(seed >= 0 ? seed : 1).providers(providers).file(file, size));
    }

    String describe() {
        return (scenario.isEmpty() ? "a world of %d providers hosting %s (%s)".formatted(providers, file, size)
                : "the world of scenario '" + scenario + "'") + (world == World.EMBEDDED ? "" : " on containers");
    }
}
