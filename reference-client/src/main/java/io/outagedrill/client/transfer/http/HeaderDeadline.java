package io.outagedrill.client.transfer.http;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * Bounds the whole header phase of one request: from the moment its first call starts sending to the last byte of
 * the final response's headers, however the bytes dribble in and however many calls it takes (a redirect hop, or the
 * request sent again after meeting a pooled connection its mirror had closed, is a new call). OkHttp's read timeout
 * bounds each read, so a server that sends its status line one byte per second passes every read and holds the
 * client forever; this limit does not reset on progress. Nor does it reset on a redirect: a mirror that answered
 * each hop just inside the limit held a request for the limit once per hop (four times it, with three redirects)
 * before the client moved on, where a user who set the limit expects the request to give up after it.
 *
 * <p>Why an {@link EventListener} added to each call ({@link Call#addEventListener}) with an Okio
 * {@link AsyncTimeout}, rather than {@link Call#timeout()}: the call timeout is entered once when the call starts
 * and runs until the body is consumed, and OkHttp offers no public way to end it at the headers (changing its
 * value after it started has no effect), so it would also cut off a long, healthy body. The listener is told
 * exactly when the request starts ({@code requestHeadersStart}) and when the headers are complete
 * ({@code responseHeadersEnd}), per call, without touching the client's own listener; Okio's watchdog thread
 * (the one OkHttp's timeouts already use) fires the cancel, so no scheduler of ours is needed. The connect
 * phase is left to the connect timeout, and the body to the stall and minimum-speed limits; a later call's connect
 * is not cut by this limit, but its time counts, and a call that starts sending with no time left is cancelled at
 * once.
 */
public final class HeaderDeadline {
    /** No call has started sending yet: the clock has not started. */
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final Duration limit;
    private final AtomicBoolean expired = new AtomicBoolean();
    /** {@link System#nanoTime} when the limit runs out, fixed when the first call starts sending. */
    private final AtomicLong endsAt = new AtomicLong(NOT_STARTED);

    private HeaderDeadline(Duration limit) {
        this.limit = limit;
    }

    /** The limit for one request, not started until its first call sends; a zero {@code limit} is no limit. */
    public static HeaderDeadline of(Duration limit) {
        return new HeaderDeadline(limit);
    }

    /** Watches {@code call}, one of this request's calls, which has not started yet. */
    public void watch(Call call) {
        if (!limit.isZero()) {
            call.addEventListener(new CallWatch(call));
        }
    }

    /**
     * Whether the limit ran out before the headers were complete (the call was then cancelled). Checked after
     * the call returned too: headers that completed just as the limit ran out come with a cancelled call.
     */
    public boolean expired() {
        return expired.get();
    }

    /** Whether a call sent now would have any of the limit left: always without a limit, or before the first send. */
    public boolean hasTimeLeft() {
        long end = endsAt.get();
        return limit.isZero() || end == NOT_STARTED || end - System.nanoTime() > 0;
    }

    /** The failure in plain words, such as "no response headers within 3 s". */
    public String describe() {
        return "no response headers within " + Durations.words(limit);
    }

    /** Arms the limit for one call: from its request's start (the whole request's clock) to its headers. */
    private final class CallWatch extends EventListener {
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE_REQUEST);
        private final AsyncTimeout watchdog;

        CallWatch(Call call) {
            this.watchdog = new AsyncTimeout() {
                @Override
                protected void timedOut() {
                    // Runs on Okio's watchdog thread, which must not block: cancel() only closes the socket.
                    expired.set(true);
                    call.cancel();
                }
            };
        }

        @Override
        public void requestHeadersStart(Call call) {
            // One exchange per call (redirects are followed by the fetcher as new calls, and OkHttp retries
            // nothing), so this arms once; a call that already failed or ended never arms.
            if (phase.compareAndSet(Phase.BEFORE_REQUEST, Phase.AWAITING_HEADERS)) {
                long now = System.nanoTime();
                endsAt.compareAndSet(NOT_STARTED, now + limit.toNanos());
                // At least a nanosecond: Okio reads a zero timeout as none. A call that starts with the limit spent
                // (a redirect target slow to connect) is so cancelled at once, by the same watchdog.
                watchdog.timeout(Math.max(1, endsAt.get() - now), TimeUnit.NANOSECONDS);
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

    /** Waiting for the request to start, then for the headers, then done: each phase happens once per call. */
    private enum Phase { BEFORE_REQUEST, AWAITING_HEADERS, DONE }
}
