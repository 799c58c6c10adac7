package io.outagedrill.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 2h}, {@code 1d}, sums written
 * together ({@code 1h30m}, {@code 2m30s}), or ISO-8601 ({@code PT1M}). This is the one duration grammar of the
 * project: the client's options, scenario files and the harness read durations through {@link #parse}.
 * A bare number is refused: "60" could mean seconds or milliseconds.
 */
public final class Durations {
    /** The message head of every refusal, for callers that word their own errors. */
    public static final String EXPECTED = "expected a duration such as 500ms, 60s, 5m, 1h30m or PT1M";

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SUM = Pattern.compile("(\\d+(ms|s|m|h|d))+");

    private Durations() {
    }

    /** Reads a duration; throws {@link IllegalArgumentException} saying what it expected and what it saw. */
    public static Duration parse(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (SUM.matcher(lower).matches()) {
            try {
                return sum(lower);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is longer than any duration this program keeps", e);
            }
        }
        try {
            Duration iso = Duration.parse(text.strip());
            if (!iso.isNegative()) {
                return iso;
            }
        } catch (DateTimeParseException ignored) {
            // not ISO-8601 either: the message below says what would have been read
        }
        throw new IllegalArgumentException(EXPECTED + ", saw '" + text + "'");
    }

    /**
     * A duration as a person says it: {@code 250 ms}, {@code 1.5 s}, {@code 30 s}, {@code 5 min}, {@code 1 h 30 min},
     * {@code 1 min 30.5 s}, not {@code PT1M30.5S}.
     */
    public static String words(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis % 3_600_000 / 60_000;
        long secondsInMillis = millis % 60_000;
        StringBuilder said = new StringBuilder();
        if (hours > 0) {
            said.append(hours).append(" h");
        }
        if (minutes > 0) {
            said.append(said.isEmpty() ? "" : " ").append(minutes).append(" min");
        }
        if (secondsInMillis > 0) {
            said.append(said.isEmpty() ? "" : " ")
                    .append(BigDecimal.valueOf(secondsInMillis, 3).stripTrailingZeros().toPlainString()).append(" s");
        }
        return said.toString();
    }

    /**
     * A duration written back in the grammar {@link #parse} reads, each part only where it is not zero: {@code 0s},
     * {@code 500ms}, {@code 1s500ms}, {@code 1m30s}, {@code 1h30m}; for scenario times and messages that quote a
     * scenario file's own notation.
     */
    public static String notation(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            out.append(d.toMillisPart()).append("ms");
        }
        return out.isEmpty() ? "0ms" : out.toString(); // under a millisecond: the grammar's finest unit is ms
    }

    private static Duration sum(String text) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }
}
