package io.outagedrill.fakes.network;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remote adapter: the {@link NetworkFaultsContract} over HTTP, against the embedded server's Toxiproxy API
 * (the same routes and error bodies a real Toxiproxy has).
 */
class ToxiproxyApiNetworkFaultsTest extends NetworkFaultsContract {
    @Override
    NetworkFaults adapter(ToxiproxyServer server) {
        return ToxiproxyApiNetworkFaults.at(server.controlUri());
    }

    @Test
    void anAttributeOfTheWrongKindIsTheApisOwnError() {
        assertThatThrownBy(() -> network.addToxic("alpha", ToxicSpec.of("slow", "latency",
                ToxicSpec.Stream.DOWNSTREAM, Map.of("latency", 1.5))))
                .isInstanceOfSatisfying(NetworkFaultException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("provider alpha").hasMessageContaining("'slow'")
                .hasMessageContaining("attribute latency must be an integer");
    }

    @Test
    void aNamelessToxicTakesToxiproxysDefaultName() {
        AddedToxic added = network.addToxic("beta", ToxicSpec.of("", "slow_close", ToxicSpec.Stream.UPSTREAM,
                Map.of("delay", 10)));

        assertThat(added.toxic().name()).isEqualTo("slow_close_upstream");
        assertThat(server.proxies().toxics("beta")).hasSize(1);
    }

    @Test
    void aProxyThatDoesNotAnswerIsNamedWithTheOperation() throws IOException {
        URI nobody;
        try (ServerSocket closedAgain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + closedAgain.getLocalPort());
        }
        NetworkFaults unreachable = ToxiproxyApiNetworkFaults.at(nobody);

        assertThatThrownBy(() -> unreachable.down("alpha"))
                .isInstanceOfSatisfying(NetworkFaultException.class, e -> assertThat(e.status()).isZero())
                .hasMessageContaining(nobody.toString()).hasMessageContaining("POST /proxies/alpha");
    }
}
