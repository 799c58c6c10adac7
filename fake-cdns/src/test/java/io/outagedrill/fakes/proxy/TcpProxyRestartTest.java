package io.outagedrill.fakes.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy bound again on the port it just let go of (enable after disable, a new upstream, populate) waits for the
 * old listening socket to be gone instead of failing with "address already in use". The old socket outlives its
 * close whenever the JVM starts a process at that moment (the child holds a copy of the descriptor until its
 * launcher closes it); here a listening socket of the test's own plays that copy, let go only once the restart is
 * seen waiting for it.
 */
class TcpProxyRestartTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ProxyRuntime runtime = new ProxyRuntime(Thread.ofVirtual().factory(), timers, new Random(1));

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void enablingAgainWaitsForTheOldListenerToLetGoOfItsPort() throws Exception {
        TcpProxy proxy = new TcpProxy(new ProxyConfig("again", "127.0.0.1:0", "127.0.0.1:1", true), runtime);
        proxy.start();
        InetSocketAddress bound = proxy.listenAddress();
        proxy.stop();

        ServerSocket copy = listenOn(bound); // the old listener, still held elsewhere
        Thread[] starter = new Thread[1];
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            starter[0] = Thread.currentThread();
            proxy.start();
        }, runnable -> new Thread(runnable, "restart").start());
        try {
            await("the restart waiting for " + bound + " (it failed at once if done: " + started + ")")
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> started.isDone() || (starter[0] != null
                            && starter[0].getState() == Thread.State.TIMED_WAITING));
            assertThat(started).as("a restart on its own just-released port, while the port is still held")
                    .isNotDone();
        } finally {
            copy.close();
        }
        started.get(TcpProxy.PORT_RELEASE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        try {
            assertThat(proxy.listenAddress()).isEqualTo(bound);
            try (Socket client = new Socket()) {
                client.connect(bound, 2_000); // listening again on the same port
            }
        } finally {
            proxy.stop();
        }
    }

    @Test
    void aPortSomeoneElseHoldsIsRefusedAtOnce() throws IOException {
        try (ServerSocket taken = listenOn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            TcpProxy proxy = new TcpProxy(new ProxyConfig("taken", listen, "127.0.0.1:1", true), runtime);
            long start = System.nanoTime();
            assertThatThrownBy(proxy::start).isInstanceOf(ApiException.class)
                    .hasMessage("listen tcp " + listen + ": bind: address already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("no wait for a port this proxy never held").isLessThan(TcpProxy.PORT_RELEASE);
        }
    }

    private static ServerSocket listenOn(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address);
        return socket;
    }
}
