package io.outagedrill.harness.containers;

import io.outagedrill.fakes.containers.ContainerServers;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.run.TopologyFromScenario;
import io.outagedrill.harness.run.WorldStarter;
import io.outagedrill.harness.scenario.Scenario;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's world on real servers in containers: each provider an nginx container serving the scenario's
 * generated files, behind a link of the project's fault proxy in a container, which the timeline's network faults
 * break over Toxiproxy's HTTP API; the manifest replicas, status pages and resolver stay in-process and name the
 * real servers' addresses. Everything else of a run (fleet, timeline, SLO verdicts, run record) is the embedded
 * world's. Closing the world removes its containers; a JVM that dies first leaves them to the janitor's shutdown
 * hook, or to the next run, which removes those of owners no longer running.
 */
public final class ContainersWorld implements WorldStarter {

    /** Why no containers world can start here, in one line saying how to get one; empty when it can. */
    public static Optional<String> unavailableReason() {
        return ContainerServers.unavailableReason();
    }

    @Override
    public Topology start(Scenario scenario, long seed, Clock clock) {
        List<String> blockers = RealServerFit.blockers(scenario);
        if (!blockers.isEmpty()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " cannot run on real servers: "
                    + String.join("; ", blockers) + " (run it with --world embedded)");
        }
        ContainerServers servers = ContainerServers.create();
        try {
            return TopologyFromScenario.start(scenario, seed, clock, builder -> builder.externalServers(servers));
        } catch (RuntimeException | Error e) {
            servers.close(); // the world closed them too if it got as far as starting; closing twice is harmless
            throw e;
        }
    }
}
