package io.outagedrill.harness.sut;

/**
 * A downloader's own words made safe to print: each control character (C0 but the tab, DEL, C1) written out as
 * {@code \x1B}. Its output lines and the text fields of its event lines reach the terminal ({@code drill run}'s
 * verdicts quote its last line, the live progress names its mirrors) and the Markdown and HTML reports; raw, an
 * escape sequence there cleared the user's screen, set the terminal's title or coloured the harness's own lines,
 * and a line break inside an event's mirror name printed a line of its own that read as the harness's.
 */
final class Printable {
    private Printable() {
    }

    static String of(String text) {
        if (text.chars().noneMatch(Printable::control)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (control(c)) {
                safe.append("\\x%02X".formatted(c));
            } else {
                safe.append((char) c);
            }
        });
        return safe.toString();
    }

    private static boolean control(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
    }
}
