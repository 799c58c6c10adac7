package io.outagedrill.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.harness.containers.ContainersWorld;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release gate on real servers: {@code <world>containers</world>} plays a scenario file unchanged on a Varnish
 * edge of an nginx origin behind the fault proxy container, passes, writes the report, and leaves no container.
 * Needs an engine with the images ({@code containers/prepare.sh}); about 20-30 s, so only with {@code
 * -Doutagedrill.containers.full=true}.
 */
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "a scenario on real servers, 20-30 s: runs with -Doutagedrill.containers.full=true")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DrillMojoContainersContainerTest {

    @TempDir
    Path target;

    @Test
    void theGoalPlaysAScenarioFileOnRealServersAndLeavesNoContainer() throws Exception {
        ContainersWorld.unavailableReason().ifPresent(Assumptions::abort);
        DrillMojo mojo = new DrillMojo();
        mojo.scenarios = List.of("edge-hides-origin-outage");
        mojo.scenariosDirectory = new File("../scenarios").getAbsoluteFile();
        mojo.client = "reference";
        mojo.clients = 2;
        mojo.threshold = "10%";
        mojo.resultsDirectory = target.resolve("drill-results").toFile();
        mojo.reportDirectory = target.resolve("drill-report").toFile();
        mojo.world = "containers";

        mojo.execute();

        assertThat(Files.readString(target.resolve("drill-report/summary.md")))
                .contains("edge-hides-origin-outage");
        assertThat(ContainerJanitor.own()).as("containers of this JVM after the goal").isEmpty();
    }
}
