package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The percentile rule the CLI's tables and the reports share. */
class NearestRankTest {

    @Test
    void thePercentileIsAValueAtItsNearestRankNeverAnInterpolatedOne() {
        List<Integer> thousand = IntStream.rangeClosed(1, 1000).boxed().toList();
        assertThat(NearestRank.of(thousand, 99.9)).as("p99.9 of 1..1000, whose 0.999 × 1000 is 999.0000000000001")
                .isEqualTo(999);
        assertThat(NearestRank.of(thousand, 99)).isEqualTo(990);
        assertThat(NearestRank.of(thousand, 50)).isEqualTo(500);
        assertThat(NearestRank.of(List.of(1, 2, 3, 4), 50)).as("p50 of four: the 2nd, not 2.5").isEqualTo(2);
        assertThat(NearestRank.of(List.of(Duration.ofSeconds(7)), 99)).isEqualTo(Duration.ofSeconds(7));
        assertThat(NearestRank.of(List.<Duration>of(), 50)).as("no values").isNull();
        assertThat(NearestRank.rank(1000, 99.9)).isEqualTo(999);
        assertThat(NearestRank.rank(10, 1)).as("never below the first rank").isEqualTo(1);
    }

    @Test
    void aPercentileOutsideZeroToAHundredIsRefused() {
        assertThatThrownBy(() -> NearestRank.of(List.of(1), 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a percentile is in (0, 100]");
        assertThatThrownBy(() -> NearestRank.of(List.of(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
