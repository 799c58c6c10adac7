package io.outagedrill.fakes.topology;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 4096}, {@code 64KiB}, {@code 8MiB}, {@code 1GiB}, {@code 10MB}. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private ByteSize() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 4096, 64KiB, 256MiB or 1GiB, was '" + text + "'");
        }
        long factor = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb" -> 1_000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1_000_000L;
            case "mib" -> 1L << 20;
            case "gb" -> 1_000_000_000L;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    }
}
