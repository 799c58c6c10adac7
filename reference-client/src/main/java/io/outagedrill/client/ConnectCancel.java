package io.outagedrill.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;

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
 * <p>The listener is added to each call ({@link #watch}); the socket factory calls {@link #adopt} with each socket it
 * makes, on the thread OkHttp makes it on, which is the thread that has just told this call's {@code connectStart}.
 */
public final class ConnectCancel extends EventListener {
    /** The call connecting on this thread, between its {@code connectStart} and the socket it makes. */
    private static final ThreadLocal<ConnectCancel> CONNECTING = new ThreadLocal<>();

    private final Set<Socket> connecting = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    ConnectCancel() {
    }

    /** Watches {@code call}, which has not started yet. */
    public static void watch(Call call) {
        call.addEventListener(new ConnectCancel());
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
        call.connecting.add(socket);
        if (call.cancelled) {
            closeQuietly(socket);
        }
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        CONNECTING.set(this);
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
        CONNECTING.remove(); // a connect through a proxy makes its socket without the factory
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
                              IOException failure) {
        CONNECTING.remove();
        connecting.clear();
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        connecting.clear(); // the call's exchange now holds it, and OkHttp's cancel reaches that
    }

    @Override
    public void canceled(Call call) {
        cancelled = true;
        connecting.forEach(ConnectCancel::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // closing is all that was wanted
        }
    }
}
