package io.outagedrill.harness.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;
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
    public static final String EXPECTED_CLOCK = "expected a clock time such as \"11:28\" or \"11:28:30\"";
    public static final String EXPECTED_TIME = "expected a scenario time: a duration such as 90s or 12m, "
            + "or a clock time such as \"11:28\" (needs the top-level clock)";
    public static final String EXPECTED_RANGE = "expected a byte range FIRST-LAST such as 0-1048575 or 0-4MiB";

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h))+");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?(B|KB|KiB|MB|MiB|GB|GiB)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d))?");

    private Values() {
    }

    /** {@code 500ms}, {@code 90s}, {@code 12m}, {@code 2h}, and sums written together: {@code 1h30m}, {@code 2m30s}. */
    public static Optional<Duration> duration(String text) {
        if (text == null || !DURATION.matcher(text).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(text);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** Bytes from {@code 65536}, {@code 512KiB}, {@code 1.5GiB}, {@code 10MB} (KB, MB, GB are powers of 1000). */
    public static Optional<Long> size(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long factor = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 1_000L;
            case "KiB" -> 1L << 10;
            case "MB" -> 1_000_000L;
            case "MiB" -> 1L << 20;
            case "GB" -> 1_000_000_000L;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        try {
            BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
            return Optional.of(bytes.longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty(); // a fraction of a byte, or more than a long holds
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

    /** Short human form of a duration, for messages: {@code 1h30m}, {@code 90s} becomes {@code 1m30s}. */
    public static String format(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (duration.toHours() > 0) {
            out.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            out.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            out.append(duration.toSecondsPart()).append('s');
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
