package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.testing.LoopbackTls;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel's count of bytes a connection has received and nobody has read ({@link BudgetedSockets#waitingUnread}),
 * which tells the stall rules a reader that has fallen behind from a mirror that went silent: beneath the JDK's TLS
 * too, where the TLS socket was made by {@link BudgetedSockets#layered}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitingUnreadTest {
    private final LoopbackTls tls = new LoopbackTls();

    @Test
    void bytesSentOverTheJdksTlsAndNotReadAreCountedBeneathItUntilRead() throws Exception {
        SSLSocketFactory jdkTls = new HandshakeCertificates.Builder().addTrustedCertificate(tls.caCertificate())
                .build().sslSocketFactory();
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = tls.serverSockets().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try (Socket peer = server.accept()) {
                    OutputStream out = peer.getOutputStream();
                    out.write(new byte[5000]);
                    out.flush();
                    done.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Socket plain = BudgetedSockets.direct().createSocket();
            plain.connect(server.getLocalSocketAddress(), 5_000);
            try (SSLSocket layered = (SSLSocket) BudgetedSockets.layered(jdkTls).createSocket(plain, "127.0.0.1",
                    server.getLocalPort(), true);
                 SSLSocket unknown = (SSLSocket) jdkTls.createSocket()) {
                layered.startHandshake();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        BudgetedSockets.waitingUnread(layered)).as("5000 bytes sent, none read, in TLS records")
                        .isGreaterThanOrEqualTo(5000));
                assertThat(BudgetedSockets.waitingUnread(unknown))
                        .as("a TLS socket not made by layered: its count is not asked (0)").isZero();

                assertThat(layered.getInputStream().readNBytes(5000)).hasSize(5000);
                assertThat(BudgetedSockets.waitingUnread(layered)).as("all read").isZero();
            } finally {
                done.countDown();
            }
            serving.get(10, TimeUnit.SECONDS);
        }
    }
}
