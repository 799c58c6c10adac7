package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersAreShownAsEscapesNotAsThemselves() {
        assertThat(Printable.of("Elevated\u001b[2J errors\n")).isEqualTo("Elevated\\u001B[2J errors\\u000A");
    }

    @Test
    void longTextIsCutToTheLimitEndingInDots() {
        assertThat(Printable.of("a".repeat(300), 200)).hasSize(200).endsWith("...");
        assertThat(Printable.of("short", 200)).isEqualTo("short");
    }
}
