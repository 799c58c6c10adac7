package io.outagedrill.client.transfer.http;

import io.outagedrill.client.Printable;
import io.outagedrill.client.ReadBudget;
import io.outagedrill.client.events.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads a response body with the limits that keep a download moving: never more bytes than asked (endless
 * data), a stall timeout on every read ({@link ReadWatchdog}), and a minimum speed judged over a window (slow
 * retrieval: bytes dripping just fast enough to beat the stall timeout).
 *
 * <p>This is the hot loop: its connection slot's buffer, no allocation per read.
 */
public final class BodyReader implements AutoCloseable {
    /** Receives each piece of the body as it arrives. */
    public interface Sink {
        /** {@code piece} holds the bytes from its position to its limit; it is reused once this returns. */
        void accept(ByteBuffer piece) throws IOException;
    }

    /** Called with each read's bytes, for throughput, progress and the mirror's rhythm. */
    public interface Meter {
        /**
         * {@code bytes} arrived in one read that waited {@code waitedNanos} for them: the network's silence before
         * them, not the reader's own time between reads (its hashing and disk writes, a collection, a thread left
         * unscheduled between two reads).
         */
        void received(long bytes, long waitedNanos);
    }

    private static final int BUFFER = ReadBuffers.SIZE;
    /** The most a response may send after the bytes asked ({@link #end}) before it is {@link End#BROKEN}. */
    static final long END_FRAMING_LIMIT = 64 * 1024;

    private final BufferedSource source;
    private final long minSpeed;
    private final long windowNanos;
    private final Duration stallTimeout;
    /**
     * The watchdog's watch over this body's reads, for the reader's whole life: once it has expired, every later
     * failure of the body is that stall (the watchdog marks a read overdue, then cancels the call, and a read that
     * returned in between leaves the cancel to the next one). Null where no limit is set.
     */
    private final ReadWatchdog.Watch watch;
    private final ByteBuffer buffer;
    /** This thread's allowance of framing, refilled by every read that gets body bytes. */
    private final ReadBudget framing;
    /** How long the last read waited for its bytes ({@link Meter#received}). */
    private long lastWaitNanos;
    /** What {@link #end} met after the body, when that was framing that is not HTTP. */
    private ProtocolException brokenEnd;

    // The first window opens with the body (the reader is made once the headers are in), so a body that trickles
    // from its first byte is judged one window later: no grace beyond the window itself.
    private long windowStart = System.nanoTime();
    private long windowBytes;

    /**
     * Reads the body of {@code response}, the answer to {@code call}, through {@code buffer} (a connection slot's,
     * from {@link ReadBuffers}).
     *
     * <p>The connection is this body's alone (the client speaks HTTP/1.1 only, {@code BudgetedSockets.bounding}):
     * {@link ReadWatchdog} bounds each read, and cancels the call (closing the socket) when one overstays. The caller
     * closes the reader once it is done with the body.
     */
    public BodyReader(Response response, Call call, ByteBuffer buffer, Duration stallTimeout, long minSpeed,
               Duration speedWindow) {
        if (buffer.capacity() != BUFFER) {
            throw new IllegalArgumentException("a read buffer of %d bytes, from ReadBuffers, not %d"
                    .formatted(BUFFER, buffer.capacity()));
        }
        this.source = response.body().source();
        this.buffer = buffer.clear();
        this.framing = ReadBudget.arm(); // the body is read on the thread that makes its reader
        // None of Okio's timeouts: the first-byte limit covered the headers, the watchdog bounds the body's reads,
        // and OkHttp's socket timeout (never below the stall limit, HttpClients) stays beneath as a backstop.
        source.timeout().timeout(0, TimeUnit.MILLISECONDS);
        this.watch = stallTimeout.isZero() ? null : ReadWatchdog.SHARED.watch(stallTimeout, call::cancel);
        this.stallTimeout = stallTimeout;
        this.minSpeed = minSpeed;
        this.windowNanos = speedWindow.toNanos();
    }

    /**
     * Reads exactly {@code length} bytes into {@code sink}, or fails saying why. OkHttp hands over at most one
     * 8 KiB segment per read; the sink (hash and disk write) gets them gathered into 64 KiB pieces, which cuts
     * its calls eightfold, while the stall and speed limits are still checked on every read. Bytes gathered
     * before a failure are handed over before the failure is thrown: they arrived intact and may be kept.
     */
    public void read(long length, Sink sink, Meter meter) throws FetchFailure {
        long remaining = length;
        int gathered = 0;
        try {
            while (remaining > 0) {
                int want = (int) Math.min(BUFFER - gathered, remaining);
                int n;
                try {
                    n = readOnce(gathered, want);
                } catch (IOException e) {
                    if (stalled(e)) {
                        throw new FetchFailure(FailureKind.STALL, "no data for %d ms mid-chunk"
                                .formatted(stallTimeout.toMillis()), e);
                    }
                    var framing = FetchFailure.ofFraming(e, "after %d of %d bytes".formatted(length - remaining,
                            length));
                    if (framing.isPresent()) {
                        throw framing.get();
                    }
                    throw new FetchFailure(FailureKind.TRUNCATED,
                            "connection broke after %d of %d bytes (%s)".formatted(length - remaining, length,
                                    Printable.quoted(String.valueOf(e.getMessage()))), e); // may quote its framing
                }
                if (n < 0) {
                    throw new FetchFailure(FailureKind.TRUNCATED,
                            "connection closed after %d of %d bytes".formatted(length - remaining, length));
                }
                gathered += n;
                remaining -= n;
                meter.received(n, lastWaitNanos);
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

    private int readOnce(int at, int want) throws IOException {
        int n;
        if (watch == null) {
            long before = System.nanoTime();
            n = source.read(buffer.limit(at + want).position(at));
            lastWaitNanos = System.nanoTime() - before;
        } else {
            watch.reading();
            try {
                n = source.read(buffer.limit(at + want).position(at));
            } finally {
                lastWaitNanos = watch.returned();
            }
        }
        if (n > 0) {
            framing.refill();
        }
        return n;
    }

    /**
     * Whether a read failed because it overstayed the stall timeout: the watchdog cancelled it, or the socket's
     * timeout beneath fired (an {@link InterruptedIOException}; so does an interrupt of this thread, which
     * ends the download anyway).
     */
    private boolean stalled(IOException e) {
        return (watch != null && watch.expired()) || e instanceof InterruptedIOException;
    }

    private void hand(Sink sink, int length) throws FetchFailure {
        try {
            sink.accept(buffer.limit(length).position(0));
        } catch (IOException e) {
            throw new FetchFailure(FailureKind.IO, "could not store the data: " + e.getMessage(), e);
        }
    }

    /** Skips {@code length} bytes (a whole-file stream passing over chunks it does not need). */
    public void skip(long length, Meter meter) throws FetchFailure {
        read(length, piece -> { }, meter);
    }

    /** How a response went on after the bytes asked of it ({@link #end}). */
    public enum End {
        /** It ended (or its connection closed): all it owed. */
        ENDED,
        /** It kept sending: endless data. */
        MORE,
        /**
         * It held back its end (a chunked body's last chunk) until the stall limit cut
         * the read: the bytes asked are all there, but each such response costs the stall limit.
         */
        WITHHELD,
        /**
         * It ended in framing that is not HTTP ({@link #brokenEnd}): more than {@link #END_FRAMING_LIMIT} after the
         * bytes asked (a last chunk's extension or trailers that never end), or a chunk-size line that does not
         * parse. The bytes asked are all there.
         */
        BROKEN
    }

    /** Why the response's end was {@link End#BROKEN}; null otherwise. */
    public ProtocolException brokenEnd() {
        return brokenEnd;
    }

    /**
     * After the asked bytes, how the response goes on: {@link End#MORE} when the server keeps sending (endless
     * data), {@link End#WITHHELD} when it holds back the response's end until the stall limit cuts the read,
     * {@link End#ENDED} otherwise. Looks at one more byte at most, without keeping it.
     */
    public End end() {
        if (watch != null) {
            watch.reading();
        }
        try {
            // An honest response owes a few bytes after its body ("0", a blank line, perhaps a few trailers): more is
            // framing that never ends. OkHttp bounds trailers only by what is left of its header limit, and fails
            // past it as if the connection had closed (EOFException).
            ReadBudget.arm(END_FRAMING_LIMIT);
            return source.request(1) ? End.MORE : End.ENDED;
        } catch (IOException closedOrStalled) {
            if (stalled(closedOrStalled)) {
                return Thread.currentThread().isInterrupted() ? End.ENDED : End.WITHHELD;
            }
            // Framing the mirror sent after the body (a last chunk's extension, trailers) that never ends or does not
            // parse: a connection that merely closed here owed nothing more, but this is the mirror's doing.
            if (closedOrStalled instanceof ProtocolException broken) {
                brokenEnd = broken;
                return End.BROKEN;
            }
            return End.ENDED;
        } finally {
            if (watch != null) {
                watch.returned();
            }
        }
    }

    /** Ends the watch over this body's reads; the response itself is closed by its owner. */
    @Override
    public void close() {
        if (watch != null) {
            watch.close();
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

    public static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1e6) {
            return "%.1f MB/s".formatted(bytesPerSecond / 1e6);
        }
        if (bytesPerSecond >= 1e3) {
            return "%.1f KB/s".formatted(bytesPerSecond / 1e3);
        }
        return "%.0f B/s".formatted(bytesPerSecond);
    }
}
