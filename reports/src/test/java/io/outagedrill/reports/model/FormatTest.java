package io.outagedrill.reports.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shares as every output shows them: never "100.0%" for less than all, nor "0.0%" for more than none. */
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
}
