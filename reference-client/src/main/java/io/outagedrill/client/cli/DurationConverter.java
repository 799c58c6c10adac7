package io.outagedrill.client.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way people type them ({@code 500ms}, {@code 60s}, {@code 5m}, {@code 2h}, {@code 1d}),
 * or ISO-8601 ({@code PT1M}). A bare number is refused: "60" could mean seconds or milliseconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException ignored) {
            // fall through to the message below
        }
        throw new CommandLine.TypeConversionException(
                "expected a duration such as 500ms, 60s, 5m, 2h or PT1M, saw '" + value + "'");
    }
}
