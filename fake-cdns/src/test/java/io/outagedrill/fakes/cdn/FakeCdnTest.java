package io.outagedrill.fakes.cdn;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(60)
// Alone: one test counts the JVM's threads before and after, which tests running beside it would change.
@Isolated
class FakeCdnTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 10_000, 1);

    @Test
    void bindsTheAddressItWasGivenAndNamesItselfInUrls() throws Exception {
        try (FakeCdn cdn = FakeCdn.builder("cloudflare.test").address("127.0.0.42").host("/v/video.mp4", FILE)
                .start()) {
            assertThat(cdn.address().getAddress().getHostAddress()).isEqualTo("127.0.0.42");
            assertThat(cdn.port()).isPositive();
            assertThat(cdn.url("/v/video.mp4").toString())
                    .isEqualTo("http://cloudflare.test:" + cdn.port() + "/v/video.mp4");
            assertThat(cdn.curlResolve()).isEqualTo("cloudflare.test:" + cdn.port() + ":127.0.0.42");
            assertThat(RawHttp.get(cdn.address(), "/v/video.mp4").status()).isEqualTo(200);
        }
    }

    @Test
    void eachProviderGetsItsOwnLoopbackAddressAndDnsEntry() {
        LoopbackDns dns = new LoopbackDns();
        try (FakeCdn a = FakeCdn.builder("a.test").dns(dns).start();
             FakeCdn b = FakeCdn.builder("b.test").dns(dns).start()) {
            assertThat(a.address().getAddress()).isNotEqualTo(b.address().getAddress());
            assertThat(dns.resolve("A.TEST")).contains(a.address().getAddress());
            assertThat(dns.lookup("b.test")).containsExactly(b.address().getAddress());
            assertThat(dns.lookup("c.test")).isEmpty();
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        FakeCdn cdn = FakeCdn.builder("gone.test").host("/f", FILE).start();
        InetSocketAddress address = cdn.address();
        cdn.close();
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void refusedConnectionsAreRefusedUntilAcceptedAgainOnTheSamePort() throws Exception {
        try (FakeCdn cdn = FakeCdn.builder("refusing.test").host("/f", FILE).start()) {
            InetSocketAddress address = cdn.address();

            cdn.refuseConnections();
            assertThat(cdn.isRefusingConnections()).isTrue();
            assertThat(cdn.port()).as("the URL stays the same").isEqualTo(address.getPort());
            assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> {
                try (java.net.ServerSocket other = new java.net.ServerSocket()) {
                    other.setReuseAddress(false);
                    other.bind(address);
                }
            }).as("nobody else can take the port meanwhile").isInstanceOf(java.net.BindException.class);
            assertThatThrownBy(() -> {
                try (java.net.ServerSocket other = new java.net.ServerSocket()) {
                    other.setReuseAddress(true); // as Java's server sockets and nginx bind
                    other.bind(address);
                }
            }).as("nor a server socket with SO_REUSEADDR").isInstanceOf(java.net.BindException.class);

            cdn.acceptConnections();
            assertThat(cdn.address()).isEqualTo(address);
            assertThat(RawHttp.get(address, "/f").status()).isEqualTo(200);
        }
    }

    @Test
    void everyRefusalRefusesAtOnceThoughTheServerWasJustServing() throws Exception {
        // Both directions raced in full builds. Stopping the connector does not always close its listening socket
        // before stop() returns, so a refusal that did not wait for it let the next connection in. And the stopped
        // connector's acceptor thread, interrupted by stop() but still looping, closed the listening socket of the
        // next accepting period (connection refused or reset right after acceptConnections()); with 3000 cycles
        // and the other cores busy that reproduced within two seconds. Bounded: 100 cycles.
        try (FakeCdn cdn = FakeCdn.builder("cycling.test").host("/f", FILE).start()) {
            InetSocketAddress address = cdn.address();
            for (int cycle = 0; cycle < 100; cycle++) {
                assertThat(RawHttp.get(address, "/f").status()).as("cycle %d, accepting", cycle).isEqualTo(200);
                cdn.refuseConnections();
                Throwable connecting = org.assertj.core.api.Assertions.catchThrowable(
                        () -> new Socket(address.getAddress(), address.getPort()).close());
                assertThat(connecting).as("cycle %d: what a connection right after refuseConnections() met (null: "
                        + "it was accepted)", cycle).isInstanceOf(ConnectException.class);
                cdn.acceptConnections();
            }
        }
    }

    @Test
    void afterCloseAcceptingOpensNoPort() throws Exception {
        // A fault's clear (acceptConnections) can arrive after the topology closed its servers: it must not open a
        // port that nothing will ever stop.
        FakeCdn cdn = FakeCdn.builder("closed.test").host("/f", FILE).start();
        InetSocketAddress address = cdn.address();
        cdn.refuseConnections();
        cdn.close();

        cdn.acceptConnections();

        Throwable connecting = org.assertj.core.api.Assertions.catchThrowable(
                () -> new Socket(address.getAddress(), address.getPort()).close());
        assertThat(connecting).as("what a connection to a closed server met after acceptConnections() (null: it was "
                + "accepted)").isInstanceOf(ConnectException.class);
    }

    @Test
    void closeReleasesAResponseHeldByAStall() throws Exception {
        FakeCdn cdn = FakeCdn.builder("held.test").host("/f", FILE).start();
        cdn.faults().add(FaultRule.Stall.after(100));
        try (RawHttp http = RawHttp.connect(cdn.address())) {
            http.send("GET", "/f");
            http.readHead();
            assertThat(http.readUpTo(100)).hasSize(100);
            long started = System.nanoTime();
            cdn.close();
            http.readToEnd(); // ends (EOF or the rest) instead of waiting out the 60 s hold
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } catch (IOException expected) {
            // A reset while reading is also an end.
        }
    }

    @Test
    void twentyProvidersStartAndStopCheaply() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<FakeCdn> cdns = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                cdns.add(FakeCdn.builder("p" + i + ".test").host("/f", FILE).start());
            }
            for (FakeCdn cdn : cdns) {
                cdn.faults().add(FaultRule.Status.of(503), Scope.all().once());
                assertThat(RawHttp.get(cdn.address(), "/f").status()).isEqualTo(503);
                assertThat(RawHttp.get(cdn.address(), "/f").status()).isEqualTo(200);
            }
            // Platform threads per provider stay a handful (acceptor, selector, scheduler, idle workers).
            assertThat(Thread.activeCount() - threadsBefore).isLessThan(20 * 8);
        } finally {
            cdns.forEach(FakeCdn::close);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2));
    }
}
