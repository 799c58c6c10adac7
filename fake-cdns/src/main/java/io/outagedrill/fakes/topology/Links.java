package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.network.InProcessNetworkFaults;
import io.outagedrill.fakes.network.LinkState;
import io.outagedrill.fakes.network.NetworkFaults;
import io.outagedrill.fakes.network.ToxiproxyApiNetworkFaults;
import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The fault proxy whose links lead clients to the providers: the embedded one in this JVM, or one elsewhere
 * reached over Toxiproxy's HTTP API (containers mode). Either way the world breaks links through {@link #faults()}.
 */
sealed interface Links {
    /** Creates the provider's link, listening on {@code ip} (a port the proxy picks), relaying to {@code upstream}. */
    InetSocketAddress create(String provider, String ip, InetSocketAddress upstream);

    NetworkFaults faults();

    /** The proxy's Toxiproxy API. */
    URI controlUri();

    record Embedded(ToxiproxyServer server) implements Links {
        @Override
        public InetSocketAddress create(String provider, String ip, InetSocketAddress upstream) {
            // Port 0 becomes a fixed port Toxiproxy remembers, so disabling and enabling the proxy brings the same
            // URLs back.
            server.proxies().create(new ProxyConfig(provider, ip + ":0",
                    upstream.getAddress().getHostAddress() + ":" + upstream.getPort(), true));
            return server.proxies().listenAddress(provider).orElseThrow();
        }

        @Override
        public NetworkFaults faults() {
            return new InProcessNetworkFaults(server.proxies());
        }

        @Override
        public URI controlUri() {
            return server.controlUri();
        }
    }

    record Remote(ToxiproxyApiNetworkFaults api) implements Links {
        @Override
        public InetSocketAddress create(String provider, String ip, InetSocketAddress upstream) {
            LinkState link = api.createLink(provider, ip + ":0",
                    upstream.getAddress().getHostAddress() + ":" + upstream.getPort());
            int colon = link.listen().lastIndexOf(':');
            return new InetSocketAddress(link.listen().substring(0, colon),
                    Integer.parseInt(link.listen().substring(colon + 1)));
        }

        @Override
        public NetworkFaults faults() {
            return api;
        }

        @Override
        public URI controlUri() {
            return api.api();
        }
    }
}
