package io.outagedrill.client.transfer.http;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * Bounds the whole header phase of one call: from the moment the request starts going out to the last byte of
 * the response headers, however the bytes dribble in. OkHttp's read timeout bounds each read, so a server that
 * sends its status line one byte per second passes every read and holds the client forever; this limit does not
 * reset on progress.
 *
 * <p>Why an {@link EventListener} added to the one call ({@link Call#addEventListener}) with an Okio
 * {@link AsyncTimeout}, rather than {@link Call#timeout()}: the call timeout is entered once when the call starts
 * and runs until the body is consumed, and OkHttp offers no public way to end it at the headers (changing its
 * value after it started has no effect), so it would also cut off a long, healthy body. The listener is told
 * exactly when the request starts ({@code requestHeadersStart}) and when the headers are complete
 * ({@code responseHeadersEnd}), per call, without touching the client's own listener; Okio's watchdog thread
 * (the one OkHttp's timeouts already use) fires the cancel, so no scheduler of ours is needed. The connect
 * phase is left to the connect timeout, and the body to the stall and minimum-speed limits.
 */
public final class HeaderDeadline extends EventListener {
    /** Waiting for the request to start, then for the headers, then done: each phase happens once. */
    private enum Phase { BEFORE_REQUEST, AWAITING_HEADERS, DONE }

    private final Duration limit;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE_REQUEST);
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AsyncTimeout watchdog;

    private HeaderDeadline(Call call, Duration limit, Duration left) {
        this.limit = limit;
        this.watchdog = new AsyncTimeout() {
            @Override
            protected void timedOut() {
                // Runs on Okio's watchdog thread, which must not block: cancel() only closes the socket.
                expired.set(true);
                call.cancel();
            }
        };
        watchdog.timeout(left.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Watches {@code call}, which has not started yet; a zero {@code limit} watches nothing (no limit). */
    public static HeaderDeadline watch(Call call, Duration limit) {
        return watch(call, limit, limit);
    }

    /**
     * Watches {@code call}, a request sent again after its first call met a connection already closed, for what is
     * {@code left} of {@code limit} (positive; a zero {@code limit} watches nothing): the limit bounds the request's
     * whole wait, and is the one {@link #describe} names.
     */
    public static HeaderDeadline watch(Call call, Duration limit, Duration left) {
        HeaderDeadline deadline = new HeaderDeadline(call, limit, left);
        if (!limit.isZero()) {
            call.addEventListener(deadline);
        }
        return deadline;
    }

    /**
     * Whether the limit ran out before the headers were complete (the call was then cancelled). Checked after
     * the call returned too: headers that completed just as the limit ran out come with a cancelled call.
     */
    public boolean expired() {
        return expired.get();
    }

    /** The failure in plain words, such as "no response headers within 3 s". */
    public String describe() {
        return "no response headers within " + Durations.words(limit);
    }

    @Override
    public void requestHeadersStart(Call call) {
        // One exchange per call (redirects are followed by the fetcher as new calls, and OkHttp retries nothing),
        // so this arms once; a call that already failed or ended never arms.
        if (phase.compareAndSet(Phase.BEFORE_REQUEST, Phase.AWAITING_HEADERS)) {
            watchdog.enter();
        }
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        disarm();
    }

    @Override
    public void requestFailed(Call call, IOException ioe) {
        disarm();
    }

    @Override
    public void responseFailed(Call call, IOException ioe) {
        disarm();
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        disarm();
    }

    @Override
    public void callEnd(Call call) {
        disarm();
    }

    @Override
    public void canceled(Call call) {
        disarm();
    }

    private void disarm() {
        if (phase.getAndSet(Phase.DONE) == Phase.AWAITING_HEADERS) {
            watchdog.exit();
        }
    }
}
