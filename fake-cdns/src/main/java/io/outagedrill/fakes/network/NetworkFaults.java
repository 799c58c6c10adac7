package io.outagedrill.fakes.network;

import java.util.List;

/**
 * The one way to break the network between clients and providers: each provider is reached through its own link
 * (a Toxiproxy proxy named after it), which can carry toxics or be taken down. Implementations: {@link
 * InProcessNetworkFaults} (the embedded proxy, in this JVM) and {@link ToxiproxyApiNetworkFaults} (any server
 * speaking Toxiproxy's HTTP API). Both leave checking a toxic to the proxy, and both report the proxy's refusal,
 * or an unknown provider, as a {@link NetworkFaultException} naming the provider and the toxic.
 */
public interface NetworkFaults {

    /** Puts {@code toxic} on the provider's link, on open connections too; {@link AddedToxic#remove()} undoes it. */
    AddedToxic addToxic(String provider, ToxicSpec toxic);

    /** Takes the named toxic off the provider's link; false when the link has no such toxic. */
    boolean removeToxic(String provider, String toxicName);

    /** The toxics on the provider's link, in the order they were added. */
    List<ToxicSpec> toxics(String provider);

    /** The provider's link down: its listener closes and open connections are cut (Toxiproxy's enabled=false). */
    void down(String provider);

    /** The provider's link up again, on the port it had. */
    void up(String provider);

    LinkState link(String provider);

    /** Every link the proxy has. */
    List<LinkState> links();

    /** Every link up, every toxic gone. */
    void reset();
}
