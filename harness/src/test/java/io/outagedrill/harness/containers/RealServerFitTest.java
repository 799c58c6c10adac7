package io.outagedrill.harness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's scenarios, judged for a world of real servers in containers. */
class RealServerFitTest {
    static final Path DIR = Path.of("..", "scenarios");

    @Test
    void networkDnsAndInProcessFaultsAllActOut() {
        for (String name : List.of("primary-blackhole-mid-transfer", "reset-mid-transfer", "slow-primary",
                "all-mirrors-down-then-recover", "correlated-failure-one-cloud", "s3proxy-last-mirror-standing")) {
            Scenario scenario = ScenarioLoader.load(DIR.resolve(name + ".yaml"));

            assertThat(RealServerFit.limits(scenario)).as("limits of %s on real servers", name).isEmpty();
        }
    }

    @Test
    void httpFaultsInsideARepeatAndOutsideAreEachNamedWithWhy() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("cloudflare-2025-11-18.yaml"));

        List<RealServerLimit> limits = RealServerFit.limits(scenario);

        assertThat(limits).extracting(RealServerLimit::faultId)
                .containsExactly("cf-flap", "cf-500", "cf-partial", "cf-tail");
        assertThat(limits).allSatisfy(limit -> {
            assertThat(limit.kind()).isEqualTo("http.status");
            assertThat(limit.describe()).startsWith(limit.faultId() + " (http.status): ")
                    .contains("fake file server");
        });
    }

    @Test
    void aCacheFlushAndAnHttpFaultAreNamedButNotTheOthers() {
        Scenario scenario = ScenarioLoader.load(DIR.resolve("fastly-2021-06-08.yaml"));

        assertThat(RealServerFit.limits(scenario)).extracting(RealServerLimit::faultId, RealServerLimit::kind)
                .containsExactly(
                        tuple("fastly-503", "http.status"),
                        tuple("caches-cold", "cache.flush"),
                        tuple("fastly-503-tail", "http.status"),
                        tuple("origin-load", "http.slow-first-byte"));
    }
}
