package io.outagedrill.client.transfer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code Content-Range: bytes first-last/total} header (RFC 9110 §14.4). */
record ContentRange(long first, long last, long total) {
    private static final Pattern FORM = Pattern.compile("\\s*bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)\\s*");

    static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return Optional.of(new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), total));
    }

    static String header(long first, long last, long total) {
        return "bytes %d-%d/%d".formatted(first, last, total);
    }
}
