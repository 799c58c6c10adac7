package io.outagedrill.client;

/**
 * Text from the other side (a manifest, a server, a status page) ends up in messages and on terminals: control
 * characters are shown as escapes, never as themselves, and long text is cut to a stated length.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} with every ISO control character written as {@code \\uXXXX}. */
    public static String of(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append("\\u%04X".formatted(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** As {@link #of}, cut to at most {@code max} characters, the last three then being "...". */
    public static String of(String s, int max) {
        String printable = of(s);
        return printable.length() <= max ? printable : printable.substring(0, max - 3) + "...";
    }
}
