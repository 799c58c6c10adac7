package io.outagedrill.fakes.network;

import java.util.Objects;

/**
 * A toxic on a provider's link, as the proxy stored it (its defaults filled in), and the way to take it off again.
 */
public final class AddedToxic {
    private final NetworkFaults network;
    private final String provider;
    private final ToxicSpec toxic;

    /** For adapters: {@code toxic} as {@code network} stored it on {@code provider}'s link. */
    public AddedToxic(NetworkFaults network, String provider, ToxicSpec toxic) {
        this.network = Objects.requireNonNull(network, "network");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.toxic = Objects.requireNonNull(toxic, "toxic");
    }

    public String provider() {
        return provider;
    }

    /** The toxic as the proxy answered: every attribute of its type, defaults included. */
    public ToxicSpec toxic() {
        return toxic;
    }

    /**
     * Takes the toxic off the link. False when it was already gone (removed by name, or by a reset), which is no
     * error: an undo that runs after a reset has nothing left to do.
     */
    public boolean remove() {
        return network.removeToxic(provider, toxic.name());
    }

    @Override
    public String toString() {
        return toxic + " on " + provider;
    }
}
