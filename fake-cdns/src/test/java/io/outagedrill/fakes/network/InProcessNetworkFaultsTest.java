package io.outagedrill.fakes.network;

import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process adapter: the {@link NetworkFaultsContract} through the embedded proxy's registry. */
class InProcessNetworkFaultsTest extends NetworkFaultsContract {
    @Override
    NetworkFaults adapter(ToxiproxyServer server) {
        return new InProcessNetworkFaults(server.proxies());
    }

    @Test
    void whatItDoesTheToxiproxyApiShowsAlike() {
        AddedToxic added = network.addToxic("alpha", ToxicSpec.of("flip", ToxicSpec.CORRUPT,
                ToxicSpec.Stream.UPSTREAM, Map.of("probability", 0.5, "seed", 9L)));
        network.down("beta");

        NetworkFaults overHttp = ToxiproxyApiNetworkFaults.at(server.controlUri());
        assertThat(overHttp.links()).isEqualTo(network.links());
        assertThat(overHttp.toxics("alpha")).containsExactly(added.toxic());
    }

    @Test
    void aNamelessToxicTakesToxiproxysDefaultName() {
        AddedToxic added = network.addToxic("alpha", ToxicSpec.of("", "timeout", ToxicSpec.Stream.DOWNSTREAM,
                Map.of("timeout", 0)));

        assertThat(added.toxic().name()).isEqualTo("timeout_downstream");
        assertThat(added.remove()).isTrue();
    }
}
