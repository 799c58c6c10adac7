package io.outagedrill.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okio.AsyncTimeout;

/**
 * Makes a cancel reach a call that is still connecting: it closes the sockets {@link BudgetedSockets} made for the
 * call's new connection, from the moment each is made until the call has its connection (from then on OkHttp's own
 * cancel closes it).
 *
 * <p>Why: OkHttp 5's {@link Call#cancel()} reaches only the connection attempts registered with the call at that
 * instant, and only once. A TCP connect finished on OkHttp's fast-fallback thread is unregistered until the call's
 * own thread starts its TLS handshake, and on a busy machine that gap lasted up to a second. A stalled attempt cut
 * in it (or the attempts a finished download stops) was not cut at all: its handshake went on with a mirror that
 * never answers, a blackhole, until the read timeout. In {@code primary-blackhole-mid-transfer} one download in
 * eight waited those 10 s after its last chunk was verified, its call's {@code canceled} event told between
 * {@code connectStart} and {@code secureConnectStart}. Written by hand: OkHttp has no hook to cancel a connect in
 * progress, and its event listener and the socket factory are the two places that see one.
 *
 * <p>The same sockets bound the TLS handshake by the client's connect timeout: OkHttp's connect timeout covers the
 * TCP connect alone, and the handshake after it only its read timeout, never below the stall limit. A mirror that accepts connections and then says nothing (a frozen server, a blackhole behind a
 * load balancer) so held each new connection for 10 s, reported as "no response headers in time", where the user
 * had set a connect limit of 1 s; past the limit the handshake's sockets are closed and
 * {@link #handshakeTimedOut()} says why the call failed. Okio's watchdog (the one OkHttp's own timeouts use) fires it,
 * as for {@code HeaderDeadline}.
 *
 * <p>The listener is added to each call ({@link #watch}); the socket factory calls {@link #adopt} with each socket it
 * makes, on the thread OkHttp makes it on, which is the thread that has just told this call's {@code connectStart}
 * (OkHttp's connect thread under fast fallback, the call's own without it).
 */
public final class ConnectCancel extends EventListener {
    /** The call connecting on this thread, between its {@code connectStart} and the socket it makes. */
    private static final ThreadLocal<ConnectCancel> CONNECTING = new ThreadLocal<>();

    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();
    private final long handshakeLimitMillis;
    private volatile boolean cancelled;
    /** The call has its connection or has ended: it adopts no socket more, and its cancel closes none. */
    private volatile boolean settled;
    private volatile boolean handshakeTimedOut;
    /** The thread that runs the call's latest handshake (the call's own). */
    private volatile Thread handshakeThread;
    /** The running handshake's limit, or null between handshakes. */
    private final AtomicReference<AsyncTimeout> handshake = new AtomicReference<>();

    ConnectCancel(long handshakeLimitMillis) {
        this.handshakeLimitMillis = handshakeLimitMillis;
    }

    /**
     * Watches {@code call} of {@code client}, which has not started yet; only where the client's sockets are
     * {@link BudgetedSockets}', the factory that hands each socket over ({@link #adopt}). The watch returned says
     * afterwards whether the call's TLS handshake ran out of time (never, where the sockets are not watched).
     */
    public static ConnectCancel watch(OkHttpClient client, Call call) {
        ConnectCancel watch = new ConnectCancel(client.connectTimeoutMillis());
        if (client.socketFactory() instanceof BudgetedSockets) {
            call.addEventListener(watch);
        }
        return watch;
    }

    /** Whether the call's TLS handshake outlasted the connect timeout, and its connection was closed for it. */
    public boolean handshakeTimedOut() {
        return handshakeTimedOut;
    }

    /** The limit on each TLS handshake of the call: the client's connect timeout (0: none). */
    public Duration handshakeLimit() {
        return Duration.ofMillis(handshakeLimitMillis);
    }

    @Override
    public void secureConnectStart(Call call) {
        if (handshakeLimitMillis <= 0) {
            return;
        }
        AsyncTimeout limit = new AsyncTimeout() {
            @Override
            protected void timedOut() {
                // Okio's watchdog thread, which must not block: closing the plain sockets under the handshake does
                // not (the TLS layer above them is left to fail on its next read). Only while this handshake is the
                // call's running one: one that ended as the limit came keeps its connection.
                if (!handshake.compareAndSet(this, null)) {
                    return;
                }
                List<Socket> open = connecting.stream().filter(socket -> !socket.isClosed()).toList();
                if (!open.isEmpty()) {
                    handshakeTimedOut = true; // before the close, so that the failing read finds the reason
                    open.forEach(ConnectCancel::closeQuietly);
                }
            }
        };
        limit.timeout(handshakeLimitMillis, TimeUnit.MILLISECONDS);
        handshakeThread = Thread.currentThread();
        limit.enter(); // entered before it is published: an end told meanwhile exits a limit that is running
        AsyncTimeout previous = handshake.getAndSet(limit); // a handshake started again gets the whole limit anew
        if (previous != null) {
            previous.exit();
        }
        if (cancelled || settled) {
            endHandshake(); // cancelled or ended while this began: nothing to limit, and no reason to give
        }
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        endHandshake();
        handshakeTimedOut = false; // a later route's handshake that finished: an earlier one's limit is not why
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
                              IOException failure) {
        // The handshake's own failure is told on the thread that ran it; a TCP connect that lost the fast-fallback
        // race is told on OkHttp's connect thread, perhaps while the winner's handshake runs, which keeps its limit.
        if (handshakeThread == Thread.currentThread()) {
            endHandshake();
        }
    }

    private void endHandshake() {
        AsyncTimeout running = handshake.getAndSet(null);
        if (running != null) {
            running.exit();
        }
    }

    /**
     * A socket {@link BudgetedSockets} made: the call connecting on this thread holds it until it has its connection,
     * and closes it if cancelled meanwhile (at once, when the cancel came before the socket).
     */
    static void adopt(Socket socket) {
        ConnectCancel call = CONNECTING.get();
        if (call == null) {
            return;
        }
        CONNECTING.remove();
        if (call.settled) {
            return; // left on this thread by a connect that made no socket here: not this socket's call
        }
        call.connecting.add(socket);
        if (call.cancelled) {
            closeQuietly(socket);
        }
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        // OkHttp makes the socket on this thread next, from the client's factory, for a direct connect or one
        // through an HTTP proxy; through SOCKS it makes its own, and nothing would take this back off the thread
        // (the connect ends on the call's own thread, not this one).
        if (proxy.type() == Proxy.Type.DIRECT || proxy.type() == Proxy.Type.HTTP) {
            CONNECTING.set(this);
        }
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        settle(); // the call's exchange now holds it, and OkHttp's cancel reaches that
    }

    @Override
    public void callEnd(Call call) {
        settle();
    }

    @Override
    public void callFailed(Call call, IOException failure) {
        settle();
    }

    @Override
    public void canceled(Call call) {
        endHandshake();
        cancelled = true;
        if (!settled) {
            // A connect that failed, or lost its race to another (fast fallback), keeps its closed socket here:
            // closing it again is nothing, where forgetting the winner's would lose the cancel this class is for.
            connecting.forEach(ConnectCancel::closeQuietly);
        }
    }

    private void settle() {
        endHandshake();
        settled = true;
        connecting.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // closing is all that was wanted
        }
    }
}
