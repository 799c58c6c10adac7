package io.outagedrill.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile HTTP/2 answer, for {@link ScriptedMirror#overTlsPreferringHttp2}: the server's SETTINGS, then stream 1's
 * HEADERS without END_HEADERS and CONTINUATION frames after it, every payload made of empty literal header entries
 * ({@code 00 00 00}: not indexed, a name and a value of length 0). OkHttp keeps every entry of a header block until
 * the block ends and counts only their names' and values' bytes, so each three bytes on the wire become an object
 * on the heap: 12 MiB of these filled 256 MiB. Bounded here: a client that reads them all survives the test.
 */
public final class Http2HeaderFlood implements ScriptedMirror.Script {
    private static final int FRAME = 16_383; // 5,461 entries, within the default largest frame (16,384)
    private static final byte HEADERS = 1;
    private static final byte CONTINUATION = 9;

    private final long limit;
    private final AtomicLong sent = new AtomicLong();

    /** Sends about {@code limit} bytes of frames per connection, then closes it. */
    public Http2HeaderFlood(long limit) {
        this.limit = limit;
    }

    /** Bytes of frames sent, all connections together. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void answer(long first, long last, int n, OutputStream out) throws IOException {
        out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame on stream 0
        byte[] entries = new byte[FRAME];
        long written = 0;
        for (byte type = HEADERS; written < limit; type = CONTINUATION) {
            out.write(new byte[] {(byte) (FRAME >> 16), (byte) (FRAME >> 8), (byte) FRAME, type, 0, 0, 0, 0, 1});
            out.write(entries);
            written += 9 + FRAME;
            sent.addAndGet(9 + FRAME);
        }
    }
}
