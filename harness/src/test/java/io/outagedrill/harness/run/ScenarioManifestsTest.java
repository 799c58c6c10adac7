package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.ManifestSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The manifest a run publishes: the file's own mirrors in its order, and the rollback version it names. */
class ScenarioManifestsTest {
    private static final long SEED = 7;

    @Test
    void aFileListsOnlyItsMirrorsInItsOrder() {
        Scenario scenario = scenario(List.of("c", "a"), 1, List.of());

        try (Topology world = TopologyFromScenario.start(scenario, SEED, Clock.systemUTC())) {
            assertThat(ScenarioManifests.publish(scenario, world)).isEmpty();

            assertThat(published(world).stream().map(Mirror::provider)).containsExactly("c", "a");
            assertThat(ScenarioManifests.mirrorUrls(world, "video.mp4")).extracting(URI::getHost)
                    .containsExactly("c.test", "a.test");
        }
    }

    @Test
    void everyProviderByDefaultLeavesThePublishedManifestAlone() {
        Scenario scenario = scenario(List.of("a", "b", "c"), 1, List.of());

        try (Topology world = TopologyFromScenario.start(scenario, SEED, Clock.systemUTC())) {
            assertThat(ScenarioManifests.publish(scenario, world)).isEmpty();

            assertThat(published(world).stream().map(Mirror::provider)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aRollbackServesTheVersionItNames() throws Exception {
        Scenario scenario = scenario(List.of("a", "b", "c"), 5, List.of(rollback(2L)));

        try (Topology world = TopologyFromScenario.start(scenario, SEED, Clock.systemUTC())) {
            assertThat(ScenarioManifests.publish(scenario, world)).isEmpty();
            String replica = world.manifestReplicas().getFirst().hostname();

            assertThat(servedVersion(world)).isEqualTo(5);
            world.manifests().fault(replica, new ReplicaFault.Rollback());
            assertThat(servedVersion(world)).isEqualTo(2);
        }
    }

    @Test
    void aRollbackToANewerVersionIsNotedAndServesTheOneBelow() throws Exception {
        Scenario scenario = scenario(List.of("a", "b", "c"), 3, List.of(rollback(9L)));

        try (Topology world = TopologyFromScenario.start(scenario, SEED, Clock.systemUTC())) {
            assertThat(ScenarioManifests.publish(scenario, world)).singleElement().asString()
                    .contains("manifest.rollback version 9 not acted on").contains("serves version 2");

            world.manifests().fault(world.manifestReplicas().getFirst().hostname(), new ReplicaFault.Rollback());
            assertThat(servedVersion(world)).isEqualTo(2);
        }
    }

    private static List<Mirror> published(Topology world) {
        String path = URI.create(world.manifestUrls("video.mp4").getFirst()).getPath();
        return world.manifests().latest(path).orElseThrow().target().mirrors();
    }

    /** The version field of the manifest the first replica serves now. */
    private static long servedVersion(Topology world) throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().dns(HttpClients.resolving(world.resolve())).build();
        try (Response response = http.newCall(new Request.Builder().url(world.manifestUrls("video.mp4").getFirst())
                .build()).execute()) {
            return ((Number) JWSObject.parse(response.body().string()).getPayload().toJSONObject().get("version"))
                    .longValue();
        }
    }

    private static Step rollback(Long version) {
        Fault fault = new ManifestFault("old", null, new ReplicaFault.Rollback(version));
        return new Step(new Step.Trigger.At(Duration.ofSeconds(1), "1s"), new Step.Action.Apply(fault), null);
    }

    /** Three plain-HTTP providers a, b, c and one small file on {@code mirrors}. */
    private static Scenario scenario(List<String> mirrors, long version, List<Step> timeline) {
        List<Provider> providers = List.of("a", "b", "c").stream()
                .map(n -> new Provider(n, ProviderKind.CDN_EDGE, n + ".test", null, n, false, null,
                        Backend.IN_PROCESS)).toList();
        var topology = new io.outagedrill.harness.scenario.Topology(providers,
                List.of(new FileSpec("video.mp4", 4096, 1024, mirrors, SEED)),
                new ManifestSpec(1, Duration.ofHours(1), version));
        return new Scenario("manifests", "test", null, List.of(), SEED, 1, null, topology,
                List.of(new ClientGroup(null, 1, new ClientGroup.Client.Reference(), null, Duration.ZERO,
                        "video.mp4", java.util.Map.of())), timeline, List.of());
    }
}
