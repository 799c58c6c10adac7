package io.outagedrill.fakes.http;

/**
 * An inclusive span of byte offsets, as HTTP writes them ({@code bytes=first-last}).
 *
 * @param first offset of the first byte
 * @param last  offset of the last byte, inclusive
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
        }
    }

    /** The whole of a non-empty representation of {@code size} bytes. */
    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    public long length() {
        return last - first + 1;
    }

    public boolean overlaps(ByteRange other) {
        return first <= other.last && other.first <= last;
    }

    /** The {@code Content-Range} value for this range of a representation of {@code total} bytes. */
    public String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
