package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @OutageScenario(world = World.CONTAINERS)} and {@code @FakeWorld(world = World.CONTAINERS)} where no Docker
 * engine is reachable: the class (class-level annotation, a static field) or the test (method-level, a parameter)
 * is skipped, aborted as a failed assumption is, with one line saying to run {@code containers/prepare.sh}; nothing
 * is played or started and nothing fails. The samples run in a child JVM whose
 * {@code DOCKER_HOST} names a socket that does not exist, so this holds on machines with an engine too.
 */
class OutageScenarioWithoutEngineTest {

    @Test
    void withoutAnEngineTheContainersTestsAreSkippedWithOneLineSayingToRunPrepare(@TempDir Path work)
            throws Exception {
        Path socket = work.resolve("no-docker.sock");

        SamplesInAChildJvm.Output child = SamplesInAChildJvm.run(Map.of("DOCKER_HOST", "unix://" + socket),
                ContainersSamples.ClassOnContainers.class, ContainersSamples.MethodsOnContainers.class,
                FakeWorldContainersSamples.ClassOnContainers.class,
                FakeWorldContainersSamples.ParameterOnContainers.class);

        String skipped = "skipped, the containers world is unavailable: no Docker engine reachable (no socket "
                + socket + "); run containers/prepare.sh as root";
        assertThat(child.finished()).as("how each sample test and class ended in the child JVM")
                .anySatisfy(line -> assertThat(line).startsWith("ABORTED ContainersSamples$ClassOnContainers: scenario '"
                        + ContainersSamples.SCENARIO + "' with adapter ContainerWatchingAdapter on containers "
                        + skipped))
                .anySatisfy(line -> assertThat(line).startsWith("ABORTED onContainers(RunResult): scenario '"
                        + ContainersSamples.SCENARIO + "' on containers " + skipped))
                .contains("SUCCESSFUL noScenario(): ", "SUCCESSFUL ContainersSamples$MethodsOnContainers: ")
                // @FakeWorld(world = CONTAINERS): the same skip, through the same code.
                .anySatisfy(line -> assertThat(line).startsWith("ABORTED FakeWorldContainersSamples$ClassOnContainers: "
                        + "@FakeWorld a world of 2 providers hosting video.mp4 (2MiB) on containers " + skipped))
                .anySatisfy(line -> assertThat(line).startsWith("ABORTED onContainers(Topology): @FakeWorld a world "
                        + "of 1 providers hosting video.mp4 (64KiB) on containers " + skipped))
                .contains("SUCCESSFUL noWorld(): ", "SUCCESSFUL FakeWorldContainersSamples$ParameterOnContainers: ")
                .noneMatch(line -> line.startsWith("FAILED"))
                .noneMatch(line -> line.contains("meetsSlos") || line.contains("failsOnPurpose")
                        || line.contains("aDownloadFailsOver"));
        assertThat(child.stderr().lines().filter(line -> line.contains(skipped)))
                .as("the skip lines in the child's standard error: one per JVM, whichever annotation skips first")
                .hasSize(1);
    }
}
