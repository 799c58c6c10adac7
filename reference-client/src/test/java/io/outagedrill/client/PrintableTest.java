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

    @Test
    void aTerminalsLinesKeepTheirBreaksOfEitherKindAndNothingElse() {
        // Messages built with %n have CR LF on Windows; a CR alone would move the cursor back over the line.
        assertThat(Printable.lines("two replicas:\r\n  - a\n  - b\tc\rfake\u001b[2J"))
                .isEqualTo("two replicas:\r\n  - a\n  - b\tc\\u000Dfake\\u001B[2J");
    }

    /** OkHttp's host-name failure lists the certificate on indented lines: one line of a message, still escaped. */
    @Test
    void aLibrarysMultiLineMessageBecomesOneLineWithItsControlsStillEscaped() {
        String okhttp = "Hostname cdn-a.test not verified:\n    certificate: sha256/AAAA\r\n    DN: CN=other\n"
                + "    subjectAltNames: [other.test]\u001b[2J";

        assertThat(Printable.oneLine(okhttp)).isEqualTo("Hostname cdn-a.test not verified: certificate: sha256/AAAA "
                + "DN: CN=other subjectAltNames: [other.test]\\u001B[2J");
    }
}
