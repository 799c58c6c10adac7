package io.outagedrill.fakes.proxy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** The embedded server's own Java API and lifecycle (no counterpart in a real Toxiproxy). */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.parallel.ResourceLock(ToxiproxyTarget.PORTS_BELOW_THE_EPHEMERAL_RANGE)
class ToxiproxyServerTest {

    @Test
    void aControlAddressOffLoopbackIsRefusedNamingIt() throws Exception {
        InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), 8474);

        assertThatThrownBy(() -> ToxiproxyServer.start(elsewhere, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the control API listens on loopback only (127.0.0.0/8), not 10.1.2.3:8474");
    }

    @Test
    void javaCallersManageProxiesAndToxicsWithoutHttp() throws IOException {
        try (ToxiproxyServer server = ToxiproxyServer.start(new InetSocketAddress("127.0.0.1", 0), 5);
             UpstreamServer echo = UpstreamServer.echo()) {
            ProxyConfig created = server.proxies().create(ProxyConfig.of("edge", echo.address()));
            assertThat(created.listen()).isNotEqualTo("127.0.0.1:0");
            assertThat(server.proxies().listenAddress("edge")).isPresent();
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.seed()).isEqualTo(5);

            ToxicConfig latency = server.proxies().addToxic("edge",
                    ToxicConfig.of("latency", StreamDirection.DOWNSTREAM, Map.of("latency", 20)));
            assertThat(latency.name()).isEqualTo("latency_downstream");
            assertThat(latency.attributes()).containsEntry("latency", 20L).containsEntry("jitter", 0L);
            assertThat(server.proxies().toxics("edge")).containsExactly(latency);

            try (Socket socket = Wire.connect(created.listen())) {
                socket.getOutputStream().write(1);
                assertThat(socket.getInputStream().read()).isEqualTo(1);
                assertThat(server.proxies().openConnections("edge")).isEqualTo(1);
            }

            server.proxies().reset();
            assertThat(server.proxies().toxics("edge")).isEmpty();
            assertThatThrownBy(() -> server.proxies().get("nope"))
                    .isInstanceOf(ApiException.class).hasMessage("proxy not found");
        }
    }

    /**
     * A client that connects from a loopback address of its own reaches the upstream from that address, so a server
     * behind the proxy can tell clients apart (faults counted per client); one from 127.0.0.1 as before.
     */
    @Test
    void theUpstreamSeesAClientsOwnLoopbackAddress() throws IOException {
        try (ToxiproxyServer server = ToxiproxyServer.start(new InetSocketAddress("127.0.0.1", 0), 5);
             ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProxyConfig created = server.proxies().create(ProxyConfig.of("edge",
                    "127.0.0.1:" + upstream.getLocalPort()));
            InetSocketAddress listen = server.proxies().listenAddress("edge").orElseThrow();
            for (String from : new String[] {"127.0.0.7", "127.0.0.1"}) {
                try (Socket client = new Socket()) {
                    client.bind(new InetSocketAddress(from, 0));
                    client.connect(listen, 5_000);
                    upstream.setSoTimeout(5_000);
                    try (Socket accepted = upstream.accept()) {
                        assertThat(accepted.getInetAddress().getHostAddress()).as("the upstream's peer for a client "
                                + "from %s through %s", from, created.listen()).isEqualTo(from);
                    }
                }
            }
        }
    }

    /** The ports {@link #closeReleasesTheControlPortAndEveryProxyPort} picks from, which no other test uses. */
    private static final int OWN_PORTS_FROM = 19_000;
    private static final int OWN_PORTS_TO = 20_000;

    @Test
    void closeReleasesTheControlPortAndEveryProxyPort() throws IOException {
        int controlPort;
        int proxyPort;
        try (UpstreamServer echo = UpstreamServer.echo()) {
            // Both ports below the ephemeral range: once freed, one from it can be taken at once by a bind(0) of a
            // test running beside this one, which then "accepts" where this test expects a refusal. And in a range
            // of their own: the other tests pick theirs from 20000-31999, and one did take a port freed here
            // (CI, 2026-12-05: the refused connect was accepted).
            ToxiproxyServer server = ToxiproxyTarget.offTheEphemeralRange(OWN_PORTS_FROM, OWN_PORTS_TO, at -> {
                try {
                    return ToxiproxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            Wire.port(at)));
                } catch (IllegalStateException taken) {
                    throw new IOException(taken);
                }
            });
            controlPort = server.controlPort();
            proxyPort = Wire.port(ToxiproxyTarget.offTheEphemeralRange(OWN_PORTS_FROM, OWN_PORTS_TO, at -> {
                try {
                    return server.proxies().create(new ProxyConfig("p", at, echo.address(), true));
                } catch (RuntimeException taken) {
                    throw new IOException(taken);
                }
            }).listen());
            Socket open = Wire.connect("127.0.0.1:" + proxyPort);
            // Proxied, not just sitting in the listen backlog (closing that would reset it instead).
            await().atMost(Duration.ofSeconds(5)).until(() -> server.proxies().openConnections("p") == 1);
            server.close();

            assertThat(open.getInputStream().read()).isEqualTo(-1); // cut, not left hanging
            open.close();
        }
        for (int port : new int[] {controlPort, proxyPort}) {
            // Within a few seconds, not at once: a process another test class starts at the moment of the close holds
            // a copy of the listener until its launcher closes it (the JDK opens sockets without close-on-exec), and
            // until then the kernel still completes connections to the port and no bind can take it.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(catchThrowable(
                    () -> Wire.connect("127.0.0.1:" + port).close())).as("a connection to closed port %d", port)
                    .isInstanceOf(ConnectException.class));
            await().atMost(Duration.ofSeconds(5)).ignoreException(java.net.BindException.class).untilAsserted(() -> {
                try (ServerSocket again = new ServerSocket()) {
                    again.setReuseAddress(true);
                    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
            });
        }
    }

    @Test
    void refusesANonLoopbackControlAddress() {
        assertThatThrownBy(() -> ToxiproxyServer.start(new InetSocketAddress("8.8.8.8", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesANonLoopbackListenAddress() {
        try (ToxiproxyServer server = ToxiproxyServer.start()) {
            assertThatThrownBy(() -> server.proxies().create(new ProxyConfig("p", "8.8.8.8:0", "127.0.0.1:1", true)))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(500));
            ProxyConfig wildcard = server.proxies().create(new ProxyConfig("w", "0.0.0.0:0", "127.0.0.1:1", true));
            assertThat(wildcard.listen()).startsWith("127.0.0.1:");
        }
    }

    /** The proxy never sends traffic off the machine, whatever its API is asked (a real Toxiproxy would). */
    @Test
    void anUpstreamOutsideLoopbackOrWithoutAPortIsRefusedWhenCreatedOrChanged() {
        try (ToxiproxyServer server = ToxiproxyServer.start()) {
            Map<String, String> refused = Map.of(
                    "8.8.8.8:53", "upstream: 8.8.8.8:53 is outside loopback; this proxy connects to 127.0.0.0/8 and "
                            + "::1 only",
                    "[2001:db8::1]:80", "upstream: [2001:db8::1]:80 is outside loopback; this proxy connects to "
                            + "127.0.0.0/8 and ::1 only",
                    "127.0.0.1:abc", "upstream: expected a port from 1 to 65535 in '127.0.0.1:abc', got 'abc'",
                    "127.0.0.1:0", "upstream: expected a port from 1 to 65535 in '127.0.0.1:0', got '0'",
                    "127.0.0.1", "upstream: expected HOST:PORT, got '127.0.0.1'");
            refused.forEach((upstream, why) -> assertThatThrownBy(() -> server.proxies().create(
                    ProxyConfig.of("p", upstream))).as(upstream).isInstanceOf(ApiException.class)
                    .hasMessage("bad request body: " + why)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400)));
            assertThat(server.proxies().list()).as("proxies made of refused upstreams").isEmpty();

            ProxyConfig edge = server.proxies().create(ProxyConfig.of("edge", "localhost:1"));
            assertThatThrownBy(() -> server.proxies().update("edge", edge.listen(), "10.0.0.1:80", true))
                    .isInstanceOf(ApiException.class).hasMessageContaining("10.0.0.1:80 is outside loopback");
            assertThat(server.proxies().get("edge").upstream()).as("the upstream after a refused change")
                    .isEqualTo("localhost:1");
        }
    }

    /** A name is checked when a connection resolves it: one that leads off the machine is never dialled. */
    @Test
    void anUpstreamIsDialledOnlyAtALoopbackAddress() throws IOException {
        assertThat(Upstream.resolve("localhost:80").getAddress().isLoopbackAddress()).isTrue();
        assertThat(Upstream.resolve(":80").getAddress().getHostAddress()).as("Toxiproxy's empty host")
                .isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> Upstream.resolve("10.1.2.3:80")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream 10.1.2.3:80 resolves to 10.1.2.3, outside loopback");
    }
}
