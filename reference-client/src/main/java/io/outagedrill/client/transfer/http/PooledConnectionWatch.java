package io.outagedrill.client.transfer.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;

/**
 * Whether one call failed on a connection it took from OkHttp's pool before any of its response arrived: the mark of
 * a connection the server closed while it sat idle. A server may close a kept-alive connection whenever it is idle
 * (its keep-alive timeout, RFC 9112 §9.6), and OkHttp looks for that only before requests other than GET; with its
 * own retries off (the engine decides what is retried), the GET that meets the closed socket fails. That is the
 * client's stale connection, not the mirror's failure: the caller sends the request again (a GET, RFC 9110 §9.2.2
 * lets it) on another connection. OkHttp does not pool the failed one again.
 *
 * <p>An {@link EventListener} added to the one call ({@link Call#addEventListener}), as {@link HeaderDeadline} is:
 * {@code connectStart} comes only for a new connection, {@code connectionAcquired} for either.
 */
public final class PooledConnectionWatch extends EventListener {
    private volatile boolean connected;
    private volatile boolean acquired;
    private volatile boolean answered;

    private PooledConnectionWatch() {
    }

    /** Watches {@code call}, which has not started yet. */
    public static PooledConnectionWatch watch(Call call) {
        PooledConnectionWatch watch = new PooledConnectionWatch();
        call.addEventListener(watch);
        return watch;
    }

    /**
     * Whether {@code failure} (of the watched call, not cancelled) is a pooled connection found closed: the call
     * took a connection from the pool, sent its request, and the connection ended or broke before any response
     * byte. A timeout is not, nor an answer OkHttp could not parse: a mirror that stops answering, or answers
     * garbage, on a pooled connection is judged like any other.
     */
    public boolean foundClosed(Call call, IOException failure) {
        return acquired && !connected && !answered && !call.isCanceled()
                && !(failure instanceof InterruptedIOException) && !(failure instanceof ProtocolException);
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        connected = true;
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        acquired = true;
    }

    @Override
    public void responseHeadersEnd(Call call, okhttp3.Response response) {
        answered = true;
    }
}
