package io.outagedrill.harness.containers;

import io.outagedrill.fakes.containers.ContainerServers;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.run.TopologyFromScenario;
import io.outagedrill.harness.run.TopologyFromScenario.Schemes;
import io.outagedrill.harness.run.WorldStarter;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology.Provider;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A scenario's world on real servers in containers: each provider an nginx container serving the scenario's
 * generated files (a Varnish edge for an edge cache of an origin, or in front of a private nginx origin where the
 * timeline gives the provider HTTP faults: {@link RealServerFit#varnishFronted}; with a copy of the files of its own
 * where the timeline gives it corrupt bytes: {@link RealServerFit#ownCopies}), behind a link of the project's
 * fault proxy in a container, which the timeline's network faults break over Toxiproxy's HTTP API; the manifest
 * replicas, status pages and resolver stay in-process and name the real servers' addresses. Everything else of a run (fleet, timeline, SLO verdicts, run record) is the embedded
 * world's. Closing the world removes its containers; a JVM that dies first leaves them to the janitor's shutdown
 * hook, or to the next run, which removes those of owners no longer running.
 */
public final class ContainersWorld implements WorldStarter {
    /** Real servers serve one scheme for every provider ({@code ContainerServers}: an edge fills over its own). */
    private static final Schemes SCHEMES = Schemes.ONE_FOR_ALL;

    private final Consumer<ContainerServers> started;

    public ContainersWorld() {
        this(servers -> {
        });
    }

    /**
     * A world that hands each run's servers to {@code started} before they start: what a test reads the Varnish
     * edges' counters from ({@link ContainerServers#countersAtClose()}).
     */
    public ContainersWorld(Consumer<ContainerServers> started) {
        this.started = started;
    }

    /** Why no containers world can start here, in one line saying how to get one; empty when it can. */
    public static Optional<String> unavailableReason() {
        return ContainerServers.unavailableReason();
    }

    @Override
    public String name() {
        return "containers";
    }

    /** nginx, Varnish, S3Proxy and the fault proxy run under the container engine, not under this process. */
    @Override
    public boolean serversInThisProcessTree() {
        return false;
    }

    /** The note for {@code https: false} on some providers only, which this world serves as plain HTTP on all. */
    @Override
    public List<String> notActedOn(Scenario scenario) {
        List<Provider> providers = scenario.topology().providers();
        if (!SCHEMES.changes(providers)) {
            return List.of();
        }
        List<String> plain = providers.stream().filter(p -> !p.https()).map(Provider::name).toList();
        return List.of(("https: false on %s not acted on per provider: the containers world serves one scheme (a "
                + "Varnish edge fills over its own), so every provider serves plain HTTP and tls.* faults cannot "
                + "apply; the embedded world serves each provider's own").formatted(String.join(", ", plain)));
    }

    @Override
    public Topology start(Scenario scenario, long seed, Clock clock) {
        List<String> blockers = RealServerFit.blockers(scenario);
        if (!blockers.isEmpty()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " cannot run on real servers: "
                    + String.join("; ", blockers) + " (run it with --world embedded)");
        }
        ContainerServers servers = ContainerServers.create(RealServerFit.varnishFronted(scenario),
                RealServerFit.ownCopies(scenario));
        try {
            started.accept(servers);
            return TopologyFromScenario.start(scenario, seed, clock, SCHEMES,
                    builder -> builder.externalServers(servers));
        } catch (RuntimeException | Error e) {
            servers.close(); // the world closed them too if it got as far as starting; closing twice is harmless
            throw e;
        }
    }

    /**
     * {@code builder}'s topology (no scenario: {@code drill topology up --world containers}) on real servers:
     * nginx for each provider, S3Proxy for an S3Proxy-backed one, a Varnish edge for an edge cache of an origin,
     * behind the fault proxy container; a file on disk bind-mounted read-only into each nginx where it lies and put
     * into S3Proxy's bucket. Closing the topology removes them. Throws {@link IllegalStateException} with {@link
     * #unavailableReason()} where no world can start, {@link IllegalArgumentException} for a file on disk that
     * nginx's workers could not read.
     */
    public static Topology start(Topology.Builder builder) {
        ContainerServers servers = ContainerServers.create();
        try {
            return builder.externalServers(servers).start();
        } catch (RuntimeException | Error e) {
            servers.close(); // as above: a start that failed half-way leaves no container
            throw e;
        }
    }
}
