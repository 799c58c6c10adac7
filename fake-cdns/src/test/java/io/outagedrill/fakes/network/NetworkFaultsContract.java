package io.outagedrill.fakes.network;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ToxicConfig;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link NetworkFaults} adapter does, checked against the embedded Toxiproxy server: two providers'
 * links ({@code alpha}, {@code beta}) in front of one idle upstream. Each adapter's test class says how it reaches
 * the server; what the proxy holds afterwards is read from its registry, not through the adapter under test.
 */
@Timeout(30)
abstract class NetworkFaultsContract {
    protected ToxiproxyServer server;
    protected NetworkFaults network;
    private ServerSocket upstream;

    /** The adapter under test, over {@code server}. */
    abstract NetworkFaults adapter(ToxiproxyServer server);

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 7);
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String to = "127.0.0.1:" + upstream.getLocalPort();
        server.proxies().create(ProxyConfig.of("alpha", to));
        server.proxies().create(ProxyConfig.of("beta", to));
        network = adapter(server);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstream.close();
    }

    @Test
    void anAddedToxicComesBackAsTheProxyStoredItAndItsHandleTakesItOff() {
        AddedToxic added = network.addToxic("alpha", ToxicSpec.of("slow", "latency", ToxicSpec.Stream.DOWNSTREAM,
                Map.of("latency", 250)));

        assertThat(added.provider()).isEqualTo("alpha");
        assertThat(added.toxic().attributes()).as("the proxy's defaults filled in, as longs")
                .containsExactly(Map.entry("latency", 250L), Map.entry("jitter", 0L));
        assertThat(network.toxics("alpha")).containsExactly(added.toxic());
        assertThat(server.proxies().toxics("alpha")).extracting(ToxicConfig::name, ToxicConfig::type)
                .containsExactly(tuple("slow", "latency"));
        assertThat(network.toxics("beta")).as("beta's link is another proxy").isEmpty();

        assertThat(added.remove()).isTrue();
        assertThat(server.proxies().toxics("alpha")).isEmpty();
        assertThat(added.remove()).as("removing it again finds nothing, and is no error").isFalse();
    }

    @Test
    void streamAndToxicityPassThrough() {
        network.addToxic("beta", ToxicSpec.of("half", "bandwidth", ToxicSpec.Stream.UPSTREAM, Map.of("rate", 64))
                .withToxicity(0.5));

        ToxicConfig stored = server.proxies().toxic("beta", "half");
        assertThat(stored.stream().wireName()).isEqualTo("upstream");
        assertThat(stored.toxicity()).isEqualTo(0.5);
        assertThat(network.toxics("beta").getFirst().toxicity()).isEqualTo(0.5);
    }

    @Test
    void theCorruptToxicGoesThroughTheSamePort() {
        Map<String, Number> attributes = Map.of("probability", 0.25, "offset", 10L, "length", 100L, "seed", 42L);
        AddedToxic added = network.addToxic("alpha", ToxicSpec.of("flip", ToxicSpec.CORRUPT,
                ToxicSpec.Stream.DOWNSTREAM, attributes));

        assertThat(added.toxic().type()).isEqualTo("corrupt");
        assertThat(added.toxic().attributes()).isEqualTo(attributes);
        assertThat(server.proxies().toxic("alpha", "flip").attributes()).isEqualTo(attributes);
    }

    @Test
    void anInvalidToxicIsTheProxysOwnErrorWithTheProviderAndTheToxicNamed() {
        assertThatThrownBy(() -> network.addToxic("alpha", ToxicSpec.of("quake", "earthquake",
                ToxicSpec.Stream.DOWNSTREAM, Map.of("magnitude", 9))))
                .isInstanceOfSatisfying(NetworkFaultException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("provider alpha").hasMessageContaining("'quake'")
                .hasMessageContaining("earthquake").hasMessageContaining("invalid toxic type");
        assertThat(server.proxies().toxics("alpha")).isEmpty();
    }

    @Test
    void aToxicNameAlreadyOnTheLinkIsRefused() {
        ToxicSpec cut = ToxicSpec.of("cut", "limit_data", ToxicSpec.Stream.DOWNSTREAM, Map.of("bytes", 1024));
        network.addToxic("alpha", cut);

        assertThatThrownBy(() -> network.addToxic("alpha", cut))
                .isInstanceOfSatisfying(NetworkFaultException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("provider alpha").hasMessageContaining("'cut'")
                .hasMessageContaining("toxic already exists");
    }

    @Test
    void anUnknownProviderIsNamedWithTheLinksThereAre() {
        ToxicSpec slow = ToxicSpec.of("slow", "latency", ToxicSpec.Stream.DOWNSTREAM, Map.of("latency", 1));
        for (var call : List.<ThrowingCallable>of(
                () -> network.addToxic("nope", slow), () -> network.removeToxic("nope", "slow"),
                () -> network.toxics("nope"), () -> network.down("nope"), () -> network.link("nope"))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(NetworkFaultException.class,
                            e -> assertThat(e.status()).isEqualTo(404))
                    .hasMessageContaining("no provider nope").hasMessageContaining("[alpha, beta]");
        }
        assertThat(network.removeToxic("alpha", "never-added")).isFalse();
    }

    @Test
    void aLinkDownRefusesConnectionsAndComesBackUpOnTheSamePort() throws IOException {
        LinkState before = network.link("alpha");
        InetSocketAddress listen = address(before.listen());
        assertThat(before.up()).isTrue();
        connect(listen);

        network.down("alpha");
        assertThat(network.link("alpha").up()).isFalse();
        assertThat(server.proxies().get("alpha").enabled()).isFalse();
        assertThatThrownBy(() -> connect(listen)).isInstanceOf(ConnectException.class);
        assertThat(network.link("beta").up()).as("only alpha's link went down").isTrue();

        network.up("alpha");
        assertThat(network.link("alpha")).isEqualTo(before);
        connect(listen);
    }

    @Test
    void resetBringsEveryLinkUpWithoutToxics() {
        network.addToxic("alpha", ToxicSpec.of("slow", "latency", ToxicSpec.Stream.DOWNSTREAM, Map.of("latency", 5)));
        network.down("beta");

        network.reset();

        assertThat(network.links()).extracting(LinkState::provider, LinkState::up, l -> l.toxics().isEmpty())
                .containsExactly(tuple("alpha", true, true),
                        tuple("beta", true, true));
    }

    @Test
    void linksListEveryProxyWithWhereItListensAndRelays() {
        network.addToxic("beta", ToxicSpec.of("slow", "latency", ToxicSpec.Stream.DOWNSTREAM, Map.of("latency", 5)));

        assertThat(network.links()).hasSize(2).allSatisfy(link -> {
            ProxyConfig proxy = server.proxies().get(link.provider());
            assertThat(link.listen()).isEqualTo(proxy.listen());
            assertThat(link.upstream()).isEqualTo("127.0.0.1:" + upstream.getLocalPort());
        });
        assertThat(network.link("beta").toxics()).extracting(ToxicSpec::name).containsExactly("slow");
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void connect(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2_000);
        }
    }
}
