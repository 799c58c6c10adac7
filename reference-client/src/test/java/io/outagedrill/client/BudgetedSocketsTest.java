package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The buffered sockets Conscrypt reads through, against a raw server socket the test drives: every byte arrives in
 * order, the end of the stream is seen, and a silent peer still trips the read timeout.
 */
class BudgetedSocketsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void bytesWrittenInOddPiecesArriveWholeAndInOrderThenTheEnd() throws Exception {
        byte[] sent = new byte[3 * BudgetedSockets.BUFFER + 12_345];
        new Random(7).nextBytes(sent);
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Socket peer = server.accept(); OutputStream out = peer.getOutputStream()) {
                    for (int at = 0, piece = 1000; at < sent.length; at += piece, piece = piece * 3 % 70_001 + 1) {
                        out.write(sent, at, Math.min(piece, sent.length - at));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = BudgetedSockets.buffered().createSocket(LOOPBACK, server.getLocalPort())) {
                byte[] received = socket.getInputStream().readAllBytes();

                assertThat(received).as("%d bytes sent in pieces of varying size", sent.length).isEqualTo(sent);
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerThatFallsSilentTripsTheReadTimeoutThroughTheBuffer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write(new byte[100]);
                    s.getOutputStream().flush();
                    done.await(10, TimeUnit.SECONDS); // silent, connection open, until the client has seen it
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = BudgetedSockets.buffered().createSocket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
                socket.setSoTimeout(200);
                InputStream in = socket.getInputStream();

                assertThat(in.readNBytes(100)).as("the bytes sent before the silence").hasSize(100);
                assertThatThrownBy(in::read).as("a read after 100 bytes and then nothing, timeout 200 ms")
                        .isInstanceOf(SocketTimeoutException.class);
            } finally {
                done.countDown();
            }
            peer.get(10, TimeUnit.SECONDS);
        }
    }
}
