package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Numbers as every output shows them: never "100.0%" for less than all, nor "0.0%" for more than none; a duration
 * in one form whatever side of a unit's boundary it rounds from.
 */
class FormatTest {
    @Test
    void wholeSharesAreWholeAndOthersKeepOneDecimal() {
        assertThat(Format.percent(1.0)).isEqualTo("100%");
        assertThat(Format.percent(0.0)).isEqualTo("0%");
        assertThat(Format.percent(0.955)).isEqualTo("95.5%");
    }

    @Test
    void aShareJustShortOfAllOrJustAboveNoneShowsTheDecimalsThatSaySo() {
        assertThat(Format.percent(0.9999)).isEqualTo("99.99%");
        assertThat(Format.percent(0.999999)).isEqualTo("99.9999%");
        assertThat(Format.percent(0.00004)).isEqualTo("0.004%");
    }

    @Test
    void durationsUnderASecondAreWholeMillisecondsThenSecondsWithTwoDecimalsThenOne() {
        assertThat(Format.millis(999.4)).isEqualTo("999 ms");
        assertThat(Format.millis(1000.0)).isEqualTo("1.00 s");
        assertThat(Format.millis(9994.0)).isEqualTo("9.99 s");
        assertThat(Format.millis(10_000.0)).isEqualTo("10.0 s");
        assertThat(Format.millis(null)).isEqualTo("–");
    }

    /**
     * 999.6 ms printed "1000 ms" where 1000 ms prints "1.00 s": one duration in two forms, side by side in a
     * report's percentile columns.
     */
    @Test
    void aDurationThatRoundsUpToTheNextUnitReadsAsThatUnitDoes() {
        assertThat(Format.millis(999.6)).as("999.6 ms, as 1000 ms reads").isEqualTo(Format.millis(1000.0))
                .isEqualTo("1.00 s");
        assertThat(Format.millis(9999.6)).as("9999.6 ms, as 10000 ms reads").isEqualTo(Format.millis(10_000.0))
                .isEqualTo("10.0 s");
    }
}
