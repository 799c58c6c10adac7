package io.outagedrill.harness.junit;

import static io.outagedrill.harness.junit.OnlyUnderTestKit.failureMessages;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.fakes.containers.ContainerJanitor;
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
 * {@code @FakeWorld(world = World.CONTAINERS)} on real servers: a sample class's world is two nginx containers
 * behind the fault proxy container; a test takes a provider's link down through the world's handle and the
 * reference client fails over; another test fails, and after the class no container of the world is left.
 * Isolated: it checks this JVM's containers, which no other class may start meanwhile. The skip without an engine
 * is {@link OutageScenarioWithoutEngineTest}'s.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "a world on real servers, 10-20 s: runs with -Doutagedrill.containers.full=true")
@Isolated
@Timeout(300)
class FakeWorldContainerTest {

    @BeforeAll
    static void engineAndImages() {
        World.CONTAINERS.skipUnlessAvailable(FakeWorldContainerTest.class.getSimpleName());
    }

    @Test
    void aClassWorldOnContainersBreaksThroughItsHandlesAndAFailingTestLeavesNoContainerBehind() {
        FakeWorldContainersSamples.SEEN.clear();
        FakeWorldContainersSamples.EVENTS.clear();

        EngineExecutionResults results = OnlyUnderTestKit.run(FakeWorldContainersSamples.ClassOnContainers.class);

        assertThat(failureMessages(results.allEvents())).as("failures of the sample; download events %s",
                FakeWorldContainersSamples.EVENTS).containsExactly(FakeWorldContainersSamples.ON_PURPOSE);
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1).aborted(0));
        Map<String, String> seen = FakeWorldContainersSamples.SEEN;
        assertThat(seen.values()).as("roles of this JVM's containers while the world was up")
                .containsExactlyInAnyOrder("fault-proxy", "nginx", "nginx");
        assertThat(FakeWorldContainersSamples.EVENTS).as("the download with cloudflare's link down")
                .anyMatch(e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals("cloudflare.test"))
                .anyMatch(e -> e instanceof DownloadEvent.ChunkVerified done && done.mirror().equals("fastly.test"))
                .noneMatch(e -> e instanceof DownloadEvent.ChunkVerified done && done.mirror().equals("cloudflare.test"));
        DockerClient docker = DockerClientFactory.instance().client();
        assertThat(seen.keySet()).as("the world's containers after its class, one test of which failed")
                .allSatisfy(id -> assertThat(exists(docker, id)).as("container %s still exists", id).isFalse());
        assertThat(ContainerJanitor.own()).as("this JVM's containers").isEmpty();
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
