package io.outagedrill.fakes.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code Range} header asks of a representation of a known size (RFC 9110 §14).
 */
sealed interface RangeRequest {

    /** No Range header, or one this server ignores (not {@code bytes}, or malformed: RFC 9110 says ignore). */
    record Whole() implements RangeRequest {
    }

    /** Exactly one satisfiable range, already clipped to the representation. */
    record Single(ByteRange range) implements RangeRequest {
    }

    /**
     * More than one range. This server answers 200 with the whole body: RFC 9110 §14.2 lets a server
     * ignore Range, and multipart/byteranges is something no downloader under test should depend on.
     */
    record Multiple(List<ByteRange> ranges) implements RangeRequest {
    }

    /** Nothing asked for overlaps the representation: 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable() implements RangeRequest {
    }

    /**
     * Reads {@code header} for a representation of {@code size} bytes. Empty list elements ({@code bytes=0-1,})
     * are skipped, as RFC 9110 §5.6.1 asks of recipients. A position too large for a long is past the end of
     * any representation: as a first-pos it is unsatisfiable, as a last-pos or suffix-length it is clipped.
     */
    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        boolean anySpec = false;
        for (String part : value.substring(6).split(",", -1)) {
            String spec = part.trim();
            if (spec.isEmpty()) {
                continue;
            }
            anySpec = true;
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Whole();
            }
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            try {
                if (a.isEmpty()) {
                    // Suffix: the last n bytes.
                    long n = parseDigits(b);
                    if (n > 0 && size > 0) {
                        satisfiable.add(new ByteRange(Math.max(0, size - n), size - 1));
                    }
                } else {
                    long first = parseDigits(a);
                    long last = b.isEmpty() ? Long.MAX_VALUE : parseDigits(b);
                    if (!b.isEmpty() && compareDigits(b, a) < 0) {
                        return new Whole(); // syntactically invalid: ignore the header
                    }
                    if (first < size) {
                        satisfiable.add(new ByteRange(first, Math.min(last, size - 1)));
                    }
                }
            } catch (NumberFormatException e) {
                return new Whole();
            }
        }
        if (!anySpec) {
            return new Whole(); // "bytes=" or "bytes=,": a range-set needs at least one range-spec
        }
        if (satisfiable.isEmpty()) {
            return new Unsatisfiable();
        }
        return satisfiable.size() == 1 ? new Single(satisfiable.getFirst()) : new Multiple(satisfiable);
    }

    /** The value of a run of digits; {@link Long#MAX_VALUE} for one too large for a long (past any end). */
    private static long parseDigits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("not digits: " + s);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** Compares two runs of digits by value, whatever their size. */
    private static int compareDigits(String x, String y) {
        String a = x.replaceFirst("^0+(?=.)", "");
        String b = y.replaceFirst("^0+(?=.)", "");
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
