package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plain socket beneath the client's TLS socket ({@link ChannelSocket}) as OkHttp uses it without TLS: the client
 * {@code drill get} builds has one socket factory for both schemes, so a plain {@code http://} mirror is read through
 * the channel's own stream, which must keep a socket's read timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelSocketTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /**
     * OkHttp tests an idle pooled connection by reading it with a 1 ms timeout: a read that ignored the timeout
     * waited for as long as the mirror kept the connection open and silent.
     */
    @Test
    void aPlainReadFromASilentPeerEndsAtTheReadTimeout() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChannelSocket socket = (ChannelSocket) BudgetedSockets.channels().createSocket()) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getOutputStream().write(1);
                    clientDone.await(20, TimeUnit.SECONDS); // then silent, the connection open
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            socket.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 5_000);
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();

            assertThat(in.read()).as("the one byte before the silence").isEqualTo(1);
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.read();
                } catch (java.io.IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, threads);
            assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
                    .as("a read from a peer silent after 1 byte, read timeout 200 ms (a TimeoutException: still "
                            + "waiting 10 s later)")
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            clientDone.countDown();
            peer.get(10, TimeUnit.SECONDS);
        } finally {
            clientDone.countDown();
        }
    }

    /**
     * The urgent-data calls go to the channel's socket, as every other: the base socket class answered them on a
     * socket of its own, never connected (a descriptor opened for nothing, the option lost).
     */
    @Test
    void theUrgentDataOptionIsTheConnections() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ChannelSocket socket = (ChannelSocket) BudgetedSockets.channels().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 5_000);
            try (Socket accepted = server.accept()) {
                socket.setOOBInline(true);

                assertThat(socket.channel().socket().getOOBInline())
                        .as("SO_OOBINLINE on the channel's socket, set on the channel socket").isTrue();
                assertThat(socket.getOOBInline()).as("SO_OOBINLINE read on the channel socket").isTrue();
            }
        }
    }
}
