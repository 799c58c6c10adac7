package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.containers.RealServerFit;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.scenario.Topology;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The scenario files kept for containers mode beside its images ({@code containers/scenarios/}, out of the suite
 * {@code ./mvnw verify} plays in-process because of their size): each loads, and real servers can act out all of it.
 * Playing them is the documented {@code drill compare --world containers} measurement, not a test.
 */
class ContainersScenarioFilesTest {
    static final Path DIR = Path.of("..", "containers", "scenarios");

    @Test
    void theHealthyGibibyteRunHasThreeMirrorsNoFaultAndFitsRealServers() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("healthy-1gib-three-mirrors.yaml"));

        assertThat(scenario.timeline()).as("steps of a healthy run").isEmpty();
        assertThat(scenario.topology().providers()).as("providers").hasSize(3)
                .allSatisfy(p -> assertThat(p.edgeOf()).as("edge of %s", p.name()).isNull());
        assertThat(scenario.topology().files()).singleElement().extracting(Topology.FileSpec::size)
                .as("file size").isEqualTo(1L << 30);
        assertThat(RealServerFit.blockers(scenario)).as("what real servers cannot start").isEmpty();
        assertThat(RealServerFit.limits(scenario)).as("steps real servers cannot act out").isEmpty();
    }
}
