package io.outagedrill.fakes.network;

import java.util.List;
import java.util.Objects;

/**
 * One provider's link as the fault proxy reports it.
 *
 * @param provider the provider, which is also the proxy's name
 * @param listen   where clients connect ({@code host:port}); the port stays the same across down and up
 * @param upstream where the proxy relays to: the provider's server
 * @param up       false while the link is down (Toxiproxy's {@code enabled: false}: no listener, connections cut)
 * @param toxics   the toxics on it, in the order they were added (the order each direction applies them)
 */
public record LinkState(String provider, String listen, String upstream, boolean up, List<ToxicSpec> toxics) {
    public LinkState {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstream, "upstream");
        toxics = List.copyOf(toxics);
    }
}
