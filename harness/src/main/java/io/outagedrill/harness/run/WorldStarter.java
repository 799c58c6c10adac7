package io.outagedrill.harness.run;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import java.time.Clock;
import java.util.List;

/**
 * How a run's world is brought up from its scenario: in this JVM ({@link #EMBEDDED}, the default) or on real
 * servers ({@code io.outagedrill.harness.containers.ContainersWorld}). Whatever it starts, the rest of a run (the
 * fleet, the timeline, the SLO verdicts, the run record) goes the same way.
 */
@FunctionalInterface
public interface WorldStarter {
    /** Fake servers, the embedded fault proxy and the control side, all in this JVM. */
    WorldStarter EMBEDDED = TopologyFromScenario::start;

    /** Starts the world; the caller closes it, and closing it stops everything it started. */
    Topology start(Scenario scenario, long seed, Clock clock);

    /**
     * The scenario's fields this world accepts but does not act out, as run notes: a field that changes nothing must
     * say so in the result, or a reader trusts a run that did not test what the file says. None for the embedded
     * world, which acts out every field.
     */
    default List<String> notActedOn(Scenario scenario) {
        return List.of();
    }

    /**
     * Whether every server it starts runs in this process or one of its descendants, so that their CPU time counts as
     * the run's own when the run asks what others took of the machine ({@code OthersLoad}). Servers in containers
     * are children of the container engine: their time would read as others', so such a world says no, and its runs
     * go without that note.
     */
    default boolean serversInThisProcessTree() {
        return true;
    }

    /** Its name in run records, so a report never compares runs of two worlds as if they were one. */
    default String name() {
        return "embedded";
    }
}
