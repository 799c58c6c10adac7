package io.outagedrill.client;

/**
 * Text from the other side (a manifest, a server, a status page) ends up in messages and on terminals: control
 * characters are shown as escapes, never as themselves, and long text is cut to a stated length.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} with every ISO control character and directional formatting character written as {@code \\uXXXX}. */
    public static String of(String s) {
        return escaped(s, false);
    }

    /** As {@link #of}, cut to at most {@code max} characters, the last three then being "...". */
    public static String of(String s, int max) {
        String printable = of(s);
        return printable.length() <= max ? printable : printable.substring(0, max - 3) + "...";
    }

    /**
     * One value from the other side (a header, a JWS field) as a message quotes it: as {@link #of}, cut to 200
     * characters (a header may be 256 KiB).
     */
    public static String quoted(String s) {
        return of(s, 200);
    }

    /**
     * A library's exception message as one line of a message: its line breaks and the indentation after them as a
     * space (OkHttp's "Hostname x not verified:" lists the certificate on indented lines, which {@link #quoted}
     * showed as {@code \u000A    }), then as {@link #quoted}.
     */
    public static String oneLine(String s) {
        return quoted(s.replaceAll("\\r?\\n[ \\t]*", " "));
    }

    /**
     * A message for a terminal: as {@link #of}, but line breaks (LF, and CR LF) stay line breaks and tabs stay
     * tabs. What the client prints goes through this last, so that text from the other side that reached a
     * message unescaped (an exception's message, a header a library quoted) still cannot move the cursor, recolour
     * or clear the screen, or set the clipboard (ANSI and OSC sequences start with ESC, a C0 control) on its way
     * out.
     */
    public static String lines(String s) {
        return escaped(s, true);
    }

    private static String escaped(String s, boolean keepLineBreaks) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            // A line break is \n, or \r\n as messages built with %n or System.lineSeparator() have it on Windows;
            // a \r alone moves the cursor back over the line and is escaped like any control.
            boolean lineBreak = cp == '\n' || cp == '\t' || (cp == '\r' && s.startsWith("\n", i + 1));
            if ((Character.isISOControl(cp) && !(keepLineBreaks && lineBreak)) || isBidiControl(cp)) {
                out.append("\\u%04X".formatted(cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * Unicode's directional formatting characters, which make a terminal show text in another order than it is
     * written (a failure line that reads as a success): U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069.
     */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
