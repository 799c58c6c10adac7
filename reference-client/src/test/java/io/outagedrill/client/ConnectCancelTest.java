package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cancel reaches a call still connecting: the sockets made for its connection are closed by the cancel, whenever it
 * comes, until the call has its connection. OkHttp's own cancel missed a connect between its TCP connect and its TLS
 * handshake, and the call then waited out its read timeout on a mirror that never answers. The events are told here
 * in the order and on the threads OkHttp tells them ({@code connectStart}, then the socket factory on that thread).
 */
class ConnectCancelTest {
    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Call call = new OkHttpClient().newCall(new Request.Builder().url("https://blackhole.test/v").build());
    private final BudgetedSockets sockets = BudgetedSockets.direct();

    @BeforeEach
    void startASilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // kept open, never read from or written to: a blackhole
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private Socket connecting(ConnectCancel watch) throws IOException {
        watch.connectStart(call, (InetSocketAddress) silent.getLocalSocketAddress(), Proxy.NO_PROXY);
        Socket socket = sockets.createSocket();
        if (!socket.isClosed()) {
            socket.connect(silent.getLocalSocketAddress());
        }
        return socket;
    }

    @Test
    void aCancelWhileTheCallConnectsClosesItsSocket() throws IOException {
        ConnectCancel watch = new ConnectCancel(0);
        Socket socket = connecting(watch);
        assertThat(socket.isConnected()).as("connected to the silent server").isTrue();

        watch.canceled(call);

        assertThat(socket.isClosed()).as("the connecting socket after the cancel").isTrue();
    }

    @Test
    void aCancelBeforeTheSocketClosesItAsItIsMade() throws IOException {
        ConnectCancel watch = new ConnectCancel(0);
        watch.canceled(call);

        Socket socket = connecting(watch);

        assertThat(socket.isClosed()).as("a socket made for a call already cancelled").isTrue();
    }

    @Test
    void onceTheCallHasItsConnectionTheCancelLeavesItToOkHttp() throws IOException {
        ConnectCancel watch = new ConnectCancel(0);
        Socket socket = connecting(watch);
        watch.connectionAcquired(call, null);

        watch.canceled(call);

        assertThat(socket.isClosed()).as("a connection the call has (it may go back to the pool, for another call)")
                .isFalse();
        socket.close();
    }

    @Test
    void aSocketMadeOnAnotherThreadIsNotTheConnectingCalls() throws Exception {
        ConnectCancel watch = new ConnectCancel(0);
        watch.connectStart(call, (InetSocketAddress) silent.getLocalSocketAddress(), Proxy.NO_PROXY);
        Socket elsewhere = CompletableFuture.supplyAsync(() -> {
            try {
                return sockets.createSocket();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable)).get();

        watch.canceled(call);

        assertThat(elsewhere.isClosed()).as("a socket another thread made meanwhile").isFalse();
        elsewhere.close();
        sockets.createSocket().close(); // the socket OkHttp would make on this thread next
    }

    /**
     * A connect that made no socket here leaves its call on the thread (under fast fallback its end is told on the
     * call's own thread): a later call's socket on that thread, unwatched, is not the ended call's, and that call's
     * late cancel closes nothing.
     */
    @Test
    void aCallThatEndedAdoptsNoLaterSocketOfItsThread() throws IOException {
        ConnectCancel ended = new ConnectCancel(0);
        ended.connectStart(call, (InetSocketAddress) silent.getLocalSocketAddress(), Proxy.NO_PROXY);
        ended.callEnd(call);

        Socket another = sockets.createSocket();
        ended.canceled(call);

        assertThat(another.isClosed()).as("another call's socket, made on the thread the ended call left").isFalse();
        another.close();
    }

    /** Through SOCKS OkHttp makes the socket itself: nothing is left on the thread for the next socket made there. */
    @Test
    void aConnectThroughSocksLeavesNothingForTheFactorysNextSocket() throws IOException {
        ConnectCancel watch = new ConnectCancel(0);
        InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
        watch.connectStart(call, address, new Proxy(Proxy.Type.SOCKS, address));

        Socket next = sockets.createSocket();
        watch.canceled(call);

        assertThat(next.isClosed()).as("the factory's next socket on this thread").isFalse();
        next.close();
    }

    /**
     * A server that accepts the connection and never answers the TLS handshake (a frozen mirror) holds the call for
     * the connect timeout, not for the read timeout (10 s here), and the watch says that was why.
     */
    @Test
    void aTlsHandshakeThatNeverEndsIsCutAtTheConnectTimeout() {
        OkHttpClient client = new OkHttpClient.Builder().socketFactory(sockets)
                .dns(host -> List.of(InetAddress.getLoopbackAddress()))
                .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofSeconds(10)).build();
        Call toSilent = client.newCall(new Request.Builder()
                .url("https://blackhole.test:" + silent.getLocalPort() + "/v").build());
        ConnectCancel watch = ConnectCancel.watch(client, toSilent);

        assertThat(watch.handshakeLimit()).isEqualTo(Duration.ofMillis(300));
        IOException failure = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(IOException.class,
                toSilent::execute), "a handshake cut at the 300 ms connect timeout, not the 10 s read timeout");
        assertThat(watch.handshakeTimedOut()).as("why the call failed: %s", failure.toString()).isTrue();
    }

    /** A handshake that ended inside the limit keeps its connection when the limit's time comes, and no reason is set. */
    @Test
    void aHandshakeThatEndedKeepsItsConnectionPastTheLimit() throws IOException {
        ConnectCancel watch = new ConnectCancel(50);
        Socket socket = connecting(watch);
        watch.secureConnectStart(call);
        watch.secureConnectEnd(call, null);

        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !socket.isClosed());
        assertThat(watch.handshakeTimedOut()).isFalse();
        socket.close();
    }

    /** A handshake still running at the limit loses its sockets, and the watch says why. */
    @Test
    void aHandshakeStillRunningAtTheLimitLosesItsSockets() throws IOException {
        ConnectCancel watch = new ConnectCancel(50);
        Socket socket = connecting(watch);
        watch.secureConnectStart(call);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(socket::isClosed);
        assertThat(watch.handshakeTimedOut()).isTrue();
    }
}
