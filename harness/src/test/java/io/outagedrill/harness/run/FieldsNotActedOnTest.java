package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldsNotActedOnTest {
    private static final long SEED = 42;

    @Test
    void aScenarioTheTopologyActsOutFullyHasNoNotes() {
        assertThat(FieldsNotActedOn.in(scenario(List.of(provider("a", true), provider("b", true)), SEED))).isEmpty();
        assertThat(FieldsNotActedOn.in(scenario(List.of(provider("a", false), provider("b", false)), SEED)))
                .isEmpty();
    }

    @Test
    void aFileWithItsOwnSeedIsActedOutSoItIsNotNoted() {
        assertThat(FieldsNotActedOn.in(scenario(List.of(provider("a", true)), 7))).isEmpty();
    }

    @Test
    void plainHttpOnSomeProvidersIsNotedAsMakingTheWholeTopologyPlain() {
        assertThat(FieldsNotActedOn.in(scenario(List.of(provider("a", true), provider("b", false)), SEED)))
                .singleElement().asString().startsWith("https: false on b not acted on per provider")
                .contains("every provider serves plain HTTP");
    }

    private static Provider provider(String name, boolean https) {
        return new Provider(name, ProviderKind.CDN_EDGE, name + ".test", null, name, https, null, Backend.IN_PROCESS);
    }

    private static Scenario scenario(List<Provider> providers, long fileSeed) {
        Topology topology = new Topology(providers, List.of(new FileSpec("video.mp4", 4096, 1024,
                providers.stream().map(Provider::name).toList(), fileSeed)), Topology.ManifestSpec.DEFAULT);
        return new Scenario("fields", "test", null, List.of(), SEED, 1, null, topology, List.of(), List.of(),
                List.of());
    }
}
