package io.outagedrill.fakes.content;

import java.io.InputStream;
import java.util.Objects;

/** Reads a span of a {@link HostedContent} through its random access; holds no buffer of its own. */
final class ContentInputStream extends InputStream {
    private final HostedContent content;
    private final long end;
    private long position;

    ContentInputStream(HostedContent content, long offset, long length) {
        this.content = Objects.requireNonNull(content, "content");
        if (offset < 0 || length < 0 || offset + length > content.size()) {
            throw new IndexOutOfBoundsException("span [" + offset + ", " + (offset + length) + ") is outside "
                    + content.name() + " of " + content.size() + " bytes");
        }
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() {
        if (position >= end) {
            return -1;
        }
        byte[] one = new byte[1];
        content.read(position++, one, 0, 1);
        return one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(len, end - position);
        content.read(position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
