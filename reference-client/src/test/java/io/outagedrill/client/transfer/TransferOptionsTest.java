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

    /**
     * The library refuses what the CLI refuses: a limit of 0 that would let a download wait for ever on a mirror that
     * accepts and says nothing (with no stall limit the TLS handshake had none either), and a policy it cannot run,
     * when the config is built rather than inside a download after its status pages.
     */
    @Test
    void theBuilderRefusesNoLimitWhereADownloadWouldWaitForEverAndAnUnknownPolicy() {
        assertThatThrownBy(() -> TransferConfig.builder().stallTimeout(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("stallTimeout must be positive");
        assertThatThrownBy(() -> TransferConfig.builder().connectTimeout(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout must be positive");
        assertThatThrownBy(() -> TransferConfig.builder().speedWindow(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("speedWindow must be positive");
        assertThatThrownBy(() -> TransferConfig.builder().policy("fastest").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown failover policy 'fastest'; expected one of sequential, parallel, adaptive");
        assertThat(TransferConfig.builder().deadline(java.time.Duration.ZERO).relativeStall(java.time.Duration.ZERO)
                .minSpeed(0).build().deadline()).as("the checks 0 turns off, as on the command line").isZero();
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

    /**
     * Out of range is refused by the knob itself, so the command line, a --config file and a scenario's options all
     * name it (the record's own checks name its Java fields: "connectionsPerMirror must be at most 16"); a 0 that
     * would lift a limit is refused, where a download would wait for ever on a mirror that never answers.
     */
    @Test
    void aValueOutOfRangeIsRefusedNamingTheKnob() {
        TransferConfig.Builder builder = TransferConfig.builder();
        assertThatThrownBy(() -> set(builder, "connections-per-mirror", "17"))
                .hasMessage("connections-per-mirror: expected 1 to 16, saw 17");
        assertThatThrownBy(() -> set(builder, "connections", "0")).hasMessage("connections: expected 1 to 64, saw 0");
        assertThatThrownBy(() -> set(builder, "retries", "-1")).hasMessage("retries: expected 0 or more, saw -1");
        assertThatThrownBy(() -> set(builder, "max-corrupt-chunks", "0"))
                .hasMessage("max-corrupt-chunks: expected 1 or more, saw 0");
        assertThatThrownBy(() -> set(builder, "jitter", "2")).hasMessage(
                "jitter: expected a fraction from 0 up to 1 (not 1 itself), such as 0.2, saw '2'");
        assertThatThrownBy(() -> set(builder, "hedge-factor", "0.5"))
                .hasMessage("hedge-factor: expected a number of at least 1, saw '0.5'");
        assertThatThrownBy(() -> set(builder, "backoff-multiplier", "0.5"))
                .hasMessage("backoff-multiplier: expected a number of at least 1, saw '0.5'");
        for (String limit : new String[] {"connect-timeout", "first-byte-timeout", "stall-timeout",
                "manifest-timeout"}) {
            assertThatThrownBy(() -> set(builder, limit, "0s")).as(limit).hasMessage(limit + ": expected a duration "
                    + "of at least 1ms (with no limit a download can wait for ever; give a long one such as 1h), saw '0s'");
        }
        assertThatThrownBy(() -> set(builder, "speed-window", "0s")).hasMessage("speed-window: expected a duration "
                + "of at least 1ms (a window of 0 judges every read alone; a min-speed of 0 turns the check off), saw '0s'");
        assertThatThrownBy(() -> set(builder, "stall-timeout", "PT0.0001S")).as("under a millisecond, which the "
                + "HTTP client counts as none").hasMessageStartingWith("stall-timeout: expected a duration of at least 1ms");
        set(builder, "retries", "0");
        set(builder, "jitter", "0");
        set(builder, "deadline", "0s");
        set(builder, "relative-stall", "0s");
        set(builder, "min-speed", "0");
        TransferConfig config = builder.build();
        assertThat(config.maxRetriesPerMirror()).isZero();
        assertThat(config.deadline()).as("0s means never, as its help says").isZero();
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
