package io.outagedrill.harness.scenario;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.Durations;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntaxes of scenario files, each parsed in one place so the docs, the schema's patterns and the
 * error texts agree. Every parser returns empty for a malformed value; the caller words the error with
 * the {@code EXPECTED_*} text.
 */
public final class Values {
    public static final String EXPECTED_DURATION = "expected a duration such as 500ms, 90s, 12m or 1h30m";
    public static final String EXPECTED_SIZE = "expected a size such as 65536, 512KiB, 64MiB, 1GiB or 10MB";
    public static final String EXPECTED_FRACTION = "expected a share such as 28% or 0.28 (between 0 and 1)";
    // "9:50" looks like "11:28" to a reader; the examples and "two digits each" say what it lacks.
    public static final String EXPECTED_CLOCK = "expected a clock time such as \"09:05\", \"11:28\" or \"11:28:30\" "
            + "(24-hour, two digits each)";
    public static final String EXPECTED_TIME = "expected a scenario time: a duration such as 90s or 12m, "
            + "or a clock time such as \"09:05\" or \"11:28\" (24-hour, two digits each; needs the top-level clock)";
    public static final String EXPECTED_RANGE = "expected a byte range FIRST-LAST such as 0-1048575 or 0-4MiB";

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d))?");

    private Values() {
    }

    /** {@code 500ms}, {@code 90s}, {@code 12m}, {@code 2h}, and sums written together: {@code 1h30m}, {@code 2m30s}. */
    public static Optional<Duration> duration(String text) {
        return text == null ? Optional.empty() : parsed(() -> Durations.parse(text));
    }

    /** Bytes from {@code 65536}, {@code 512KiB}, {@code 1.5GiB}, {@code 10MB} (KB, MB, GB are powers of 1000). */
    public static Optional<Long> size(String text) {
        return text == null ? Optional.empty() : parsed(() -> ByteSize.parse(text));
    }

    /** The client's grammars throw with their own wording; scenario errors use the {@code EXPECTED_*} texts. */
    private static <T> Optional<T> parsed(java.util.function.Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A share in [0, 1] from {@code "28%"} or {@code 0.28}. */
    public static Optional<Double> fraction(Object value) {
        double share;
        if (value instanceof Number number) {
            share = number.doubleValue();
        } else if (value instanceof String text && PERCENT.matcher(text).matches()) {
            share = Double.parseDouble(text.substring(0, text.length() - 1)) / 100;
        } else {
            return Optional.empty();
        }
        return share >= 0 && share <= 1 ? Optional.of(share) : Optional.empty();
    }

    /** {@code "11:28"} or {@code "11:28:30"}, 24-hour. */
    public static Optional<LocalTime> clock(String text) {
        Matcher m = text == null ? null : CLOCK.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        int seconds = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), seconds));
    }
}
