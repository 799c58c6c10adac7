package io.outagedrill.fakes.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collection;

/**
 * {@link FaultRule.CorruptBytes} on the body: inverts every bit of the bytes at the given absolute file
 * offsets as they pass. It counts offsets from the body's first byte onwards without wrapping, so an
 * endless body past the end of the file is not corrupted again.
 */
final class CorruptingOutputStream extends PassingOutputStream {
    private final long[] offsets;
    private long position;

    CorruptingOutputStream(OutputStream next, long firstOffset, Collection<Long> offsets) {
        super(next);
        this.position = firstOffset;
        this.offsets = offsets.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int i = Arrays.binarySearch(offsets, position);
        i = i < 0 ? -i - 1 : i;
        if (i < offsets.length && offsets[i] < position + len) {
            // A copy, so the caller's buffer stays as it was; only buffers holding a corrupted byte pay for it.
            byte[] changed = Arrays.copyOfRange(b, off, off + len);
            for (; i < offsets.length && offsets[i] < position + len; i++) {
                int at = (int) (offsets[i] - position);
                changed[at] = (byte) ~changed[at];
            }
            next.write(changed, 0, len);
        } else {
            next.write(b, off, len);
        }
        position += len;
    }
}
