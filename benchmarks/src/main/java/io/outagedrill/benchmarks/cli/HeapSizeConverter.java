package io.outagedrill.benchmarks.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a heap size as {@code -Xmx} takes it ({@code 2g}, {@code 512m}, {@code 1048576}) and gives it back as
 * written, for a JVM the command starts. Checked here, where picocli names the option, rather than by that JVM,
 * whose "Invalid maximum heap size" comes after the command has begun and names no option.
 */
public final class HeapSizeConverter implements CommandLine.ITypeConverter<String> {
    /** Below this a JVM does not start at all ("Too small maximum heap"), let alone hold a fleet. */
    static final long MIN_BYTES = 8L << 20;

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})([kKmMgGtT]?)");

    @Override
    public String convert(String value) {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "expected a heap size as -Xmx takes it (such as 512m or 2g), saw '" + value + "'");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long number = Long.parseLong(m.group(1));
        if (number > Long.MAX_VALUE >> shift) {
            throw new CommandLine.TypeConversionException("a heap of '" + value + "' is more than any JVM takes");
        }
        if (number << shift < MIN_BYTES) {
            throw new CommandLine.TypeConversionException(
                    "expected a heap of at least 8m (a JVM does not start with less), saw '" + value + "'");
        }
        return value;
    }
}
