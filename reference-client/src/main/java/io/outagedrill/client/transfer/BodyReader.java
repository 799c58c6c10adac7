package io.outagedrill.client.transfer;

import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okio.BufferedSource;

/**
 * Reads a response body with the limits that keep a download moving: never more bytes than asked (endless
 * data), a stall timeout (OkHttp's per-read timeout, so no watchdog thread), and a minimum speed judged over a
 * window (slow retrieval: bytes dripping just fast enough to beat the stall timeout).
 *
 * <p>This is the hot loop: its connection slot's buffer, no allocation per read.
 */
final class BodyReader {
    /** Receives each piece of the body as it arrives. */
    interface Sink {
        /** {@code piece} holds the bytes from its position to its limit; it is reused once this returns. */
        void accept(ByteBuffer piece) throws IOException;
    }

    /** Called with bytes received so far and the time they took, for throughput and progress. */
    interface Meter {
        void received(long bytes);
    }

    private static final int BUFFER = ReadBuffers.SIZE;

    private final BufferedSource source;
    private final long minSpeed;
    private final long windowNanos;
    private final long stallMillis;
    private final ByteBuffer buffer;

    // The first window opens with the body (the reader is made once the headers are in), so a body that trickles
    // from its first byte is judged one window later: no grace beyond the window itself.
    private long windowStart = System.nanoTime();
    private long windowBytes;

    BodyReader(BufferedSource source, ByteBuffer buffer, Duration stallTimeout, long minSpeed, Duration speedWindow) {
        if (buffer.capacity() != BUFFER) {
            throw new IllegalArgumentException("a read buffer of %d bytes, from ReadBuffers, not %d"
                    .formatted(BUFFER, buffer.capacity()));
        }
        this.source = source;
        this.buffer = buffer.clear();
        // The body's read timeout is the stall limit; the first-byte limit covered the headers.
        source.timeout().timeout(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        // Kept for the message: once a timeout has fired, the source's timeout may read 0.
        this.stallMillis = stallTimeout.toMillis();
        this.minSpeed = minSpeed;
        this.windowNanos = speedWindow.toNanos();
    }

    /**
     * Reads exactly {@code length} bytes into {@code sink}, or fails saying why. OkHttp hands over at most one
     * 8 KiB segment per read; the sink (hash and disk write) gets them gathered into 64 KiB pieces, which cuts
     * its calls eightfold, while the stall and speed limits are still checked on every read. Bytes gathered
     * before a failure are handed over before the failure is thrown: they arrived intact and may be kept.
     */
    void read(long length, Sink sink, Meter meter) throws FetchFailure {
        long remaining = length;
        int gathered = 0;
        try {
            while (remaining > 0) {
                int want = (int) Math.min(BUFFER - gathered, remaining);
                int n;
                try {
                    n = source.read(buffer.limit(gathered + want).position(gathered));
                } catch (InterruptedIOException stall) {
                    throw new FetchFailure(FailureKind.STALL, "no data for %d ms mid-chunk".formatted(stallMillis),
                            stall);
                } catch (IOException e) {
                    throw new FetchFailure(FailureKind.TRUNCATED,
                            "connection broke after %d of %d bytes (%s)".formatted(length - remaining, length,
                                    e.getMessage()), e);
                }
                if (n < 0) {
                    throw new FetchFailure(FailureKind.TRUNCATED,
                            "connection closed after %d of %d bytes".formatted(length - remaining, length));
                }
                gathered += n;
                remaining -= n;
                meter.received(n);
                if (gathered == BUFFER || remaining == 0) {
                    hand(sink, gathered);
                    gathered = 0;
                }
                checkSpeed(n);
            }
        } catch (FetchFailure f) {
            if (gathered > 0 && f.kind() != FailureKind.IO) {
                hand(sink, gathered);
            }
            throw f;
        }
    }

    private void hand(Sink sink, int length) throws FetchFailure {
        try {
            sink.accept(buffer.limit(length).position(0));
        } catch (IOException e) {
            throw new FetchFailure(FailureKind.IO, "could not store the data: " + e.getMessage(), e);
        }
    }

    /** Skips {@code length} bytes (a whole-file stream passing over chunks it does not need). */
    void skip(long length, Meter meter) throws FetchFailure {
        read(length, piece -> { }, meter);
    }

    /**
     * After the asked bytes: if the server keeps sending, it is sending endless data. Looks at one more byte
     * at most, without keeping it.
     */
    boolean hasMoreThanAsked() {
        try {
            return source.request(1);
        } catch (IOException closedOrStalled) {
            return false;
        }
    }

    private void checkSpeed(int n) throws FetchFailure {
        if (minSpeed <= 0) {
            return;
        }
        windowBytes += n;
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= windowNanos) {
            double speed = windowBytes / (elapsed / 1e9);
            if (speed < minSpeed) {
                throw new FetchFailure(FailureKind.TOO_SLOW, "only %s over %.1f s, below the minimum %s"
                        .formatted(rate(speed), elapsed / 1e9, rate(minSpeed)));
            }
            windowStart = now;
            windowBytes = 0;
        }
    }

    static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1e6) {
            return "%.1f MB/s".formatted(bytesPerSecond / 1e6);
        }
        if (bytesPerSecond >= 1e3) {
            return "%.1f KB/s".formatted(bytesPerSecond / 1e3);
        }
        return "%.0f B/s".formatted(bytesPerSecond);
    }
}
