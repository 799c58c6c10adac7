package io.outagedrill.harness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.WorldStarter;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * What a run in the containers world notes of the scenario's fields: real servers serve one scheme, so {@code https:
 * false} on some providers only makes every provider plain there, and the run says so; the embedded world serves
 * each provider's own and notes nothing. No container starts here.
 */
class ContainersWorldNotesTest {
    private static Scenario withSchemes(String cloudflare, String b2) {
        return ScenarioLoader.parse("schemes.yaml", "schemes", """
                name: schemes
                description: test
                seed: 1
                topology:
                  providers:
                    - {name: cloudflare, kind: cdn-edge, https: %s}
                    - {name: b2, kind: object-store, https: %s}
                  files:
                    - {name: f.bin, size: 4096}
                clients:
                  - {count: 1}
                slos:
                  - corruptFilesAccepted: 0
                """.formatted(cloudflare, b2));
    }

    @Test
    void plainHttpOnSomeProvidersIsNotedAsMakingEveryProviderPlainOnRealServers() {
        assertThat(new ContainersWorld().notActedOn(withSchemes("true", "false"))).singleElement().asString()
                .startsWith("https: false on b2 not acted on per provider: the containers world serves one scheme")
                .contains("every provider serves plain HTTP and tls.* faults cannot apply");
        assertThat(WorldStarter.EMBEDDED.notActedOn(withSchemes("true", "false")))
                .as("the embedded world's notes for the same scenario").isEmpty();
    }

    @Test
    void oneSchemeForEveryProviderIsActedOutSoItIsNotNoted() {
        assertThat(new ContainersWorld().notActedOn(withSchemes("true", "true"))).isEmpty();
        assertThat(new ContainersWorld().notActedOn(withSchemes("false", "false"))).isEmpty();
    }
}
