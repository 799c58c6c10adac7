package io.outagedrill.client;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write and read them: {@code 10GiB}, {@code 500 MB}, {@code 1.5TiB} in, {@code 1.4 GiB}
 * out. Units are explicit (KB is 1000, KiB is 1024), because "10G" means two different sizes to two different
 * tools. Written here because no library on the client's class path parses sizes. This is the one size grammar
 * of the project: the client's options, the harness's options and scenario files, the fake CDNs' topologies and
 * the benchmarks all read sizes through {@link #parse}.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L), Map.entry("byte", 1L), Map.entry("bytes", 1L),
            Map.entry("kb", 1_000L), Map.entry("kib", 1L << 10),
            Map.entry("mb", 1_000_000L), Map.entry("mib", 1L << 20),
            Map.entry("gb", 1_000_000_000L), Map.entry("gib", 1L << 30),
            Map.entry("tb", 1_000_000_000_000L), Map.entry("tib", 1L << 40));
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {
    }

    /** Reads a size; throws {@link IllegalArgumentException} saying what it expected and what it saw. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("expected a size such as 500MiB, 10GiB or 1.5TB (units: B, KB, KiB, "
                    + "MB, MiB, GB, GiB, TB, TiB), saw '" + text + "'");
        }
        if (m.group(1).indexOf('.') < 0) {
            // A whole number, as almost every size is: in longs. BigDecimal's first use initialises its tables,
            // about 20 ms of interpreted code at the start of every drill get (which reads its size defaults).
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException tooLarge) { // only digits matched: it overflowed
                throw new IllegalArgumentException("'" + text + "' is more bytes than any disk holds");
            }
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is more bytes than any disk holds");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            // 1.0000001KB is a typo more likely than a wish for 1000.0001 bytes: say so rather than round.
            throw new IllegalArgumentException("expected a whole number of bytes, saw '" + text + "' (" + bytes
                    .toPlainString() + " bytes)");
        }
        return bytes.longValueExact();
    }

    /** {@code 512 bytes}, {@code 1 byte}, {@code 300.0 KiB}, {@code 1.4 GiB}: one decimal, binary units. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        // 1023.95 rather than 1024: a value that would print as "1024.0 KiB" reads better as "1.0 MiB".
        while (value >= 1023.95 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }
}
