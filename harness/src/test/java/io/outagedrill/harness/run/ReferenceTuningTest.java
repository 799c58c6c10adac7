package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.client.transfer.TransferOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceTuningTest {

    @Test
    void optionsAsYamlGivesThemSetTheKnobsOfTheSameNameAndTheRunsSeed() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("stall-timeout", "2s");
        options.put("connections", 8);
        options.put("hedging", false);
        options.put("jitter", 0.1);
        options.put("min-speed", "64KiB");
        options.put("range-ignored", "drop");

        TransferConfig config = ReferenceTuning.from(options, 42).apply(TransferConfig.builder()).build();

        assertThat(config.stallTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connections()).isEqualTo(8);
        assertThat(config.hedging()).isFalse();
        assertThat(config.backoffJitter()).isEqualTo(0.1);
        assertThat(config.minSpeed()).isEqualTo(64 * 1024);
        assertThat(config.rangeIgnored()).isEqualTo(TransferConfig.RangeIgnoredAction.DROP);
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void everyKnobOfTheTableIsKnownExceptThoseTheScenarioSetsElsewhere() {
        assertThat(ReferenceTuning.known()).contains("stall-timeout", "status-feed-timeout", "mirror")
                .doesNotContain("policy", "seed", "deadline")
                .hasSize(TransferOptions.ALL.size() - ReferenceTuning.SET_BY_THE_SCENARIO.size());
    }

    @Test
    void anUnknownOrReservedNameIsRefusedListingTheKnownOnes() {
        for (String name : new String[] {"stall-timeot", "policy"}) {
            assertThatThrownBy(() -> ReferenceTuning.from(Map.of(name, "1s"), 1).apply(TransferConfig.builder()))
                    .hasMessageStartingWith("unknown option '%s' for the reference client; known: mirror, connections, "
                            .formatted(name))
                    .hasMessageContaining("stall-timeout");
        }
    }

    @Test
    void aBadValueNamesTheOption() {
        assertThatThrownBy(() -> ReferenceTuning.from(Map.of("stall-timeout", "5"), 1).apply(TransferConfig.builder()))
                .hasMessageStartingWith("stall-timeout: expected a duration such as");
    }
}
