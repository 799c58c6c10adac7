package io.outagedrill.harness.containers;

import static io.outagedrill.harness.junit.RunResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.containers.ContainerServers;
import io.outagedrill.fakes.containers.EdgeCounters;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.scenario.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testcontainers.DockerClientFactory;

/**
 * Scenario files played unchanged on real servers in containers, through the path {@code drill run --world
 * containers} takes ({@link ScenarioRunner} with {@link ContainersWorld}), with the in-process reference client:
 * nginx containers serve the files over HTTPS behind the containerised fault proxy, whose links the timeline
 * breaks over Toxiproxy's HTTP API. Each must meet its SLOs as it does in-process, and leave no container behind.
 *
 * <p>In the default build only {@code edge-hides-origin-outage} with two clients: a Varnish edge in front of an
 * nginx origin behind the fault proxy container, the origin's link taken down (a 4 MiB file; every kind of
 * container a network-only scenario uses, and Varnish). The others, {@code reset-mid-transfer} and {@code
 * primary-blackhole-mid-transfer} among them, the purged edge and the two real incidents on Varnish ({@code
 * fastly-2021-06-08}, {@code cloudflare-2025-11-18}), run with {@code -Doutagedrill.containers.full=true}.
 * Skipped, with one line saying how to get an engine and the images, where there is none.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@Timeout(300)
class ContainersWorldContainerTest {
    static final Path SCENARIOS = Path.of("..", "scenarios");

    @BeforeAll
    static void engineAndImages() {
        ContainersWorld.unavailableReason().ifPresent(reason -> {
            System.err.println("containers tests skipped: " + reason);
            Assumptions.abort(reason);
        });
    }

    @Test
    void aWarmVarnishEdgeHidesAnOriginOutageWithStaleCopies(@TempDir Path results) throws Exception {
        AtomicReference<ContainerServers> servers = new AtomicReference<>();
        AtomicReference<Topology> world = new AtomicReference<>();
        ContainersWorld containers = new ContainersWorld(servers::set);

        RunResult result = new ScenarioRunner(Clock.systemUTC(), (scenario, seed, clock) -> {
            Topology started = containers.start(scenario, seed, clock);
            world.set(started);
            return started;
        }).run(scenario("edge-hides-origin-outage"), options(results, 2));

        assertThat(result).meetsSlos();
        assertEveryFaultActedOut(scenario("edge-hides-origin-outage"), result);
        assertThat(result.downloads()).as("downloads, each from the edge alone").hasSize(2)
                .allSatisfy(download -> assertThat(download.succeeded()).as("%s succeeded", download.id()).isTrue());
        EdgeCounters edge = servers.get().countersAtClose().get("fastly");
        assertThat(edge).as("the Varnish edge's counters at the end of the run").isNotNull();
        // Copies go stale after a second (ContainerServers.EDGE_TTL): the downloads during the outage were served
        // past their TTL, while the edge's own tries to refresh them from the downed origin failed.
        assertThat(edge.staleHits()).as("stale hits of the edge (%s)", edge.describe()).isPositive();
        assertThat(edge.failedFetches()).as("failed origin fetches of the edge (%s)", edge.describe()).isPositive();
        // The providers were real servers: no in-process server answers for them.
        assertThatThrownBy(() -> world.get().server("fastly")).isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("real server outside this JVM");
        assertThat(world.get().toxiproxyUri().getPort()).as("the fault proxy container's API port").isPositive();
        assertThat(ownContainers()).as("this JVM's containers after the run").isEmpty();
    }

    @ParameterizedTest
    // The incident replays spread their clients over hours of timeline: with six (as the scenario suite runs them),
    // downloads are in flight when their faults start, which their timeToRecover SLOs need; three leave gaps.
    @CsvSource({"reset-mid-transfer, 3", "primary-blackhole-mid-transfer, 3", "slow-primary, 3",
            "all-mirrors-down-then-recover, 3", "correlated-failure-one-cloud, 3", "s3proxy-last-mirror-standing, 3",
            "edge-purged-cannot-hide-origin-outage, 3", "fastly-2021-06-08, 6", "cloudflare-2025-11-18, 6"})
    @EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
            disabledReason = "about 30 s each on real servers: runs with -Doutagedrill.containers.full=true")
    void aScenarioWhoseEveryStepActsOutMeetsItsSlosOnRealServers(String name, int clients, @TempDir Path results)
            throws Exception {
        RunResult result = new ScenarioRunner(Clock.systemUTC(), new ContainersWorld())
                .run(scenario(name), options(results, clients));

        assertThat(result).meetsSlos();
        assertEveryFaultActedOut(scenario(name), result);
        assertThat(ownContainers()).as("this JVM's containers after %s", name).isEmpty();
    }

    /** Every fault the timeline applies has a window in the record, and no step was refused or failed. */
    private static void assertEveryFaultActedOut(Scenario scenario, RunResult result) {
        List<String> applied = scenario.timeline().stream().map(Step::action)
                .flatMap(action -> action instanceof Step.Action.Apply apply ? Stream.of(apply.fault().id())
                        : Stream.empty())
                .toList();
        assertThat(result.faults()).as("fault windows of %s; notes %s", scenario.name(), result.notes())
                .extracting(FaultWindow::id).containsAll(applied);
        assertThat(result.notes()).as("notes of %s", scenario.name())
                .noneMatch(note -> note.startsWith("not applied") || note.startsWith("step failed"));
    }

    private static Scenario scenario(String name) {
        Scenario scenario = ScenarioLoader.load(SCENARIOS.resolve(name + ".yaml"));
        assertThat(RealServerFit.limits(scenario)).as("steps of %s real servers cannot act out", name).isEmpty();
        return scenario;
    }

    private static RunOptions options(Path results, int clients) {
        return RunOptions.defaults(results).withClient("reference").withClientCount(clients);
    }

    private static List<Container> ownContainers() {
        String pid = Long.toString(ProcessHandle.current().pid());
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerJanitor.OWNER_LABEL, pid)).exec();
    }
}
