package io.outagedrill.harness.junit;

import static io.outagedrill.harness.junit.OnlyUnderTestKit.failureMessages;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.harness.run.FaultWindow;
import io.outagedrill.harness.run.RunResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.testcontainers.DockerClientFactory;

/**
 * {@code @OutageScenario(world = World.CONTAINERS)} on real servers: a sample class's scenario is played once on
 * nginx containers behind the containerised fault proxy, its tests get the result, and when one of them fails no
 * container of the run is left. Isolated: it checks this JVM's containers, which no other class may start meanwhile.
 * Where no engine is reachable it is skipped with one line (the skip itself is {@link
 * OutageScenarioWithoutEngineTest}'s).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "a scenario on real servers, 15-30 s: runs with -Doutagedrill.containers.full=true")
@Isolated
@Timeout(300)
class OutageScenarioContainerTest {

    @BeforeAll
    static void engineAndImages() {
        World.CONTAINERS.skipUnlessAvailable(OutageScenarioContainerTest.class.getSimpleName());
    }

    @Test
    void aClassPlaysItsScenarioOnContainersAndAFailingTestLeavesNoContainerBehind() {
        ContainerWatchingAdapter.reset();
        ContainersSamples.SEEN.clear();

        EngineExecutionResults results = OnlyUnderTestKit.run(ContainersSamples.ClassOnContainers.class);

        assertThat(failureMessages(results.allEvents())).as("failures of the sample")
                .containsExactly(ContainersSamples.ON_PURPOSE);
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1).aborted(0));
        Map<String, String> seen = ContainerWatchingAdapter.seen();
        assertThat(seen.values()).as("roles of this JVM's containers while the clients downloaded")
                .containsExactlyInAnyOrder("fault-proxy", "nginx", "nginx", "nginx");
        DockerClient docker = DockerClientFactory.instance().client();
        assertThat(seen.keySet()).as("the run's containers after its class, one test of which failed")
                .allSatisfy(id -> assertThat(exists(docker, id)).as("container %s still exists", id).isFalse());
        assertThat(ContainerJanitor.own()).as("this JVM's containers").isEmpty();

        RunResult result = ContainersSamples.SEEN.getFirst();
        assertThat(result.downloads()).as("downloads of the two clients").hasSize(2);
        assertThat(result.faults()).as("fault windows; notes %s", result.notes()).extracting(FaultWindow::id)
                .contains("primary-resets");
        assertThat(result.notes()).as("notes").noneMatch(note -> note.startsWith("not applied")
                || note.startsWith("step failed"));
    }

    private static boolean exists(DockerClient docker, String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }
}
