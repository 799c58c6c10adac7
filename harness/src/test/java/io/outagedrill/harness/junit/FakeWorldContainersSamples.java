package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.referenceclient.TopologyClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sample test classes whose {@link FakeWorld} is on {@link World#CONTAINERS}, for the tests of that world in the
 * extension; they run only through the EngineTestKit ({@link OnlyUnderTestKit}).
 */
final class FakeWorldContainersSamples {
    static final String ON_PURPOSE = "failing on purpose, with the world up";
    static final String FILE = "video.mp4";

    /** Container id to its role label, as seen by a test while the world was up. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    /** What the download through the broken world did, for the test that ran the sample. */
    static final List<DownloadEvent> EVENTS = new CopyOnWriteArrayList<>();

    private FakeWorldContainersSamples() {
    }

    /**
     * A class-level world of two nginx providers behind the fault proxy container: one test takes the first
     * provider's link down through the world's handle and downloads with the reference client, which fails over;
     * the other fails on purpose.
     */
    @FakeWorld(world = World.CONTAINERS, providers = 2, size = "2MiB")
    @ExtendWith(OnlyUnderTestKit.class)
    static class ClassOnContainers {
        @FakeWorld
        static Topology world;

        @Test
        void aDownloadFailsOverWhenTheFirstProvidersLinkIsDown() throws IOException {
            // The running ones: the world's, up at this moment.
            ContainerJanitor.own().stream().filter(container -> "running".equals(container.getState()))
                    .forEach(container -> SEEN.put(container.getId(),
                            container.getLabels().get(ContainerJanitor.ROLE_LABEL)));
            world.network().down("cloudflare");
            try {
                Path into = Files.createTempDirectory("fake-world-containers-");
                DownloadResult result = Downloader.builder().httpClient(TopologyClients.http(world))
                        .listener(EVENTS::add)
                        .config(TransferConfig.builder().policy("sequential").seed(3)
                                .backoffBase(Duration.ofMillis(20)).connectTimeout(Duration.ofSeconds(2)).build())
                        .build().download(TopologyClients.verified(world, FILE), DownloadRequest.into(into));
                assertThat(Sha256.ofFile(result.path())).as("the file from the world on containers")
                        .isEqualTo(world.file(FILE).sha256());
            } finally {
                world.network().up("cloudflare");
            }
        }

        @Test
        void failsOnPurpose(Topology sameWorld) {
            assertThat(sameWorld).as("the class's world").isSameAs(world);
            fail(ON_PURPOSE);
        }
    }

    /** A method's own world on containers, and a test beside it without a world. */
    @ExtendWith(OnlyUnderTestKit.class)
    static class ParameterOnContainers {
        @Test
        void onContainers(@FakeWorld(world = World.CONTAINERS, providers = 1, size = "64KiB") Topology world) {
            assertThat(world.providers()).as("the method's own world").hasSize(1);
        }

        @Test
        void noWorld() {
            // Nothing to skip: no world in its scope.
        }
    }
}
