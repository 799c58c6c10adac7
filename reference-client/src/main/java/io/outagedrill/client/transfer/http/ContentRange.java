package io.outagedrill.client.transfer.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code Content-Range: bytes first-last/total} header (RFC 9110 §14.4). */
public record ContentRange(long first, long last, long total) {
    private static final Pattern FORM = Pattern.compile("\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)\\s*");

    /** The range, or empty when {@code header} is absent, not of this form, or an invalid range. */
    public static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        // RFC 9110 §14.4: a range ending before it starts, or at or past the complete length, is invalid.
        if (last < first || (total != -1 && last >= total)) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, total));
    }

    public static String header(long first, long last, long total) {
        return "bytes " + first + "-" + last + "/" + total; // ASCII digits whatever the locale
    }
}
