package io.outagedrill.fakes.http;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 §5.6.7): sent as IMF-fixdate; read in that form and in the two obsolete ones a
 * recipient must still accept, RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime
 * ({@code Sun Nov  6 08:49:37 1994}). {@link DateTimeFormatter#RFC_1123_DATE_TIME} drops the day's leading
 * zero, so it only reads.
 */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** {@code ppd}: a one-digit day comes padded with a space. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    static Optional<Instant> parse(String value) {
        return parse(value, Year.now(ZoneOffset.UTC));
    }

    /** @param thisYear the year an RFC 850 date's two-digit year is read against */
    static Optional<Instant> parse(String value, Year thisYear) {
        String text = value.trim();
        for (DateTimeFormatter format : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, rfc850(thisYear), ASCTIME)) {
            try {
                return Optional.of(Instant.from(format.parse(text)));
            } catch (DateTimeParseException e) {
                // Try the next form.
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 850 with its two-digit year read as RFC 9110 asks: a year more than 50 years in the future is the
     * most recent past year with the same last two digits.
     */
    private static DateTimeFormatter rfc850(Year thisYear) {
        return new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, thisYear.getValue() - 49)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withZone(ZoneOffset.UTC);
    }
}
