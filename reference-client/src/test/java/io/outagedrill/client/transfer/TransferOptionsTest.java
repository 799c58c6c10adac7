package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TransferOptionsTest {

    @Test
    void everyKnobHasOneUniqueLowercaseNameAndADefaultThatParses() {
        assertThat(new HashSet<>(TransferOptions.names())).hasSameSizeAs(TransferOptions.ALL);
        for (TransferOption<?> option : TransferOptions.ALL) {
            assertThat(option.name()).as("knob name").matches("[a-z]+(-[a-z]+)*");
            option.defaultText().ifPresent(text -> assertThat(option.parse().apply(text))
                    .as("default of %s", option.name()).isInstanceOf(option.type()));
        }
    }

    @Test
    void theBuilderStartsAtTheTablesDefaults() {
        TransferConfig defaults = TransferConfig.defaults();
        assertThat(defaults.policy()).isEqualTo("adaptive");
        assertThat(defaults.connections()).isEqualTo(4);
        assertThat(defaults.connectionsPerMirror()).isEqualTo(2);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.firstByteTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.stallTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.minSpeed()).isEqualTo(16 * 1024);
        assertThat(defaults.speedWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.backoffBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.backoffMultiplier()).isEqualTo(2);
        assertThat(defaults.backoffJitter()).isEqualTo(0.2);
        assertThat(defaults.maxRetriesPerMirror()).isEqualTo(3);
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxCorruptChunks()).isEqualTo(2);
        assertThat(defaults.hedging()).isTrue();
        assertThat(defaults.hedgeSlowFactor()).isEqualTo(3);
        assertThat(defaults.rangeIgnored()).isEqualTo(TransferConfig.RangeIgnoredAction.STREAM);
        assertThat(defaults.pinnedMirror()).isEmpty();
        assertThat(defaults.allowPlainHttp()).isFalse();
        assertThat(defaults.progressInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(defaults.deadline()).isZero();
        assertThat(defaults.statusFeeds()).isTrue();
        assertThat(defaults.statusFeedTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.manifestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aKnobSetByNameReadsTheProjectsGrammars() {
        TransferConfig.Builder builder = TransferConfig.builder();
        set(builder, "stall-timeout", "1m30s");
        set(builder, "min-speed", "32KiB");
        set(builder, "hedging", "false");
        set(builder, "range-ignored", "drop");
        set(builder, "mirror", "fastly");
        TransferConfig config = builder.build();
        assertThat(config.stallTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.minSpeed()).isEqualTo(32 * 1024);
        assertThat(config.hedging()).isFalse();
        assertThat(config.rangeIgnored()).isEqualTo(TransferConfig.RangeIgnoredAction.DROP);
        assertThat(config.pinnedMirror()).contains("fastly");
    }

    @Test
    void aBadValueIsRefusedNamingTheKnobWhatWasExpectedAndWhatWasSeen() {
        TransferConfig.Builder builder = TransferConfig.builder();
        assertThatThrownBy(() -> set(builder, "connections", "many"))
                .hasMessage("connections: expected a whole number, saw 'many'");
        assertThatThrownBy(() -> set(builder, "policy", "fastest"))
                .hasMessage("policy: unknown failover policy 'fastest'; expected one of sequential, parallel, adaptive");
        assertThatThrownBy(() -> set(builder, "hedging", "yes")).hasMessage("hedging: expected true or false, saw 'yes'");
        assertThatThrownBy(() -> set(builder, "stall-timeout", "5"))
                .hasMessageStartingWith("stall-timeout: expected a duration such as");
    }

    @Test
    void helpNamesOtherKnobsTheWayTheReadersSurfaceDoes() {
        TransferOption<?> minSpeed = TransferOptions.byName("min-speed").orElseThrow();
        assertThat(minSpeed.describe(n -> "--" + n))
                .isEqualTo("Replace a connection slower than this over --speed-window; 0 disables (16384).");
        assertThat(minSpeed.describe(n -> n))
                .isEqualTo("Replace a connection slower than this over speed-window; 0 disables (16384).");
    }

    private static void set(TransferConfig.Builder builder, String name, String value) {
        TransferOptions.byName(name).orElseThrow(() -> new AssertionError("no knob " + name)).set(builder, value);
    }
}
