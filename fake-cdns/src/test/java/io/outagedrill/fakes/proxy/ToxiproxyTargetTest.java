package io.outagedrill.fakes.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ports a proxy that binds its port again is put on: off this machine's ephemeral range, whichever it is. */
class ToxiproxyTargetTest {
    @Test
    void thePortsAreTheOnesOffTheEphemeralRangeWhereverItLies() {
        assertThat(ToxiproxyTarget.outside(20_000, 32_000, new int[] {32_768, 60_999}))
                .as("Linux's default range, above all of them").containsExactly(20_000, 32_000);
        assertThat(ToxiproxyTarget.outside(20_000, 32_000, new int[] {25_000, 60_999}))
                .as("a range that begins among them: the ports below it").containsExactly(20_000, 25_000);
        assertThat(ToxiproxyTarget.outside(20_000, 32_000, new int[] {10_000, 24_999}))
                .as("a range that ends among them: the ports above it").containsExactly(25_000, 32_000);
        assertThat(ToxiproxyTarget.outside(20_000, 32_000, new int[] {20_000, 29_999}))
                .as("a range that begins at the first of them: the ports above it").containsExactly(30_000, 32_000);
        assertThat(ToxiproxyTarget.outside(20_000, 32_000, new int[] {1_024, 65_535}))
                .as("a range that covers them all: nothing is off it, so all of them").containsExactly(20_000, 32_000);
    }
}
