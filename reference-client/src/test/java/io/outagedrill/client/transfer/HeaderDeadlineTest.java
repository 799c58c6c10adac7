package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the header limit is said in a failure: as the user would have typed it. */
class HeaderDeadlineTest {

    @Test
    void saysTheLimitInWholeSecondsDecimalSecondsOrMilliseconds() {
        assertThat(HeaderDeadline.words(Duration.ofSeconds(3))).isEqualTo("3 s");
        assertThat(HeaderDeadline.words(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(HeaderDeadline.words(Duration.ofMillis(250))).isEqualTo("250 ms");
    }
}
