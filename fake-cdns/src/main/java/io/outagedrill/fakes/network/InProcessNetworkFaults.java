package io.outagedrill.fakes.network;

import io.outagedrill.fakes.proxy.ApiException;
import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ProxyRegistry;
import io.outagedrill.fakes.proxy.StreamDirection;
import io.outagedrill.fakes.proxy.ToxicConfig;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link NetworkFaults} on the embedded proxy in this JVM: the same {@link ProxyRegistry} its Toxiproxy API
 * serves, called directly, so a fault lands without an HTTP round trip (and without a cold HTTP client's first-call
 * delay). The registry checks each toxic as the API would, and its refusal (Toxiproxy's status and message) comes
 * back as a {@link NetworkFaultException} naming the provider and the toxic.
 */
public final class InProcessNetworkFaults implements NetworkFaults {
    private final ProxyRegistry proxies;

    public InProcessNetworkFaults(ProxyRegistry proxies) {
        this.proxies = Objects.requireNonNull(proxies, "proxies");
    }

    @Override
    public AddedToxic addToxic(String provider, ToxicSpec toxic) {
        // Toxiproxy's API names a nameless toxic TYPE_STREAM; the registry leaves that to its API, so it is done here.
        String name = toxic.name().isEmpty() ? toxic.type() + "_" + toxic.stream().wireName() : toxic.name();
        ToxicConfig stored = call(provider, () -> proxies.addToxic(provider, new ToxicConfig(name,
                toxic.type(), StreamDirection.valueOf(toxic.stream().name()), toxic.toxicity(), toxic.attributes())),
                "refused " + toxic);
        return new AddedToxic(this, provider, spec(stored));
    }

    @Override
    public boolean removeToxic(String provider, String toxicName) {
        return call(provider, () -> {
            if (proxies.toxics(provider).stream().noneMatch(t -> t.name().equals(toxicName))) {
                return false;
            }
            proxies.removeToxic(provider, toxicName);
            return true;
        }, "could not remove toxic '" + toxicName + "'");
    }

    @Override
    public List<ToxicSpec> toxics(String provider) {
        return call(provider, () -> proxies.toxics(provider).stream().map(InProcessNetworkFaults::spec).toList(),
                "could not list the toxics");
    }

    @Override
    public void down(String provider) {
        call(provider, () -> proxies.setEnabled(provider, false), "could not take the link down");
    }

    @Override
    public void up(String provider) {
        call(provider, () -> proxies.setEnabled(provider, true), "could not bring the link up");
    }

    @Override
    public LinkState link(String provider) {
        return call(provider, () -> state(proxies.get(provider)), "could not read the link");
    }

    @Override
    public List<LinkState> links() {
        return proxies.list().stream().map(this::state).toList();
    }

    @Override
    public void reset() {
        proxies.reset();
    }

    private LinkState state(ProxyConfig proxy) {
        return new LinkState(proxy.name(), proxy.listen(), proxy.upstream(), proxy.enabled(),
                proxies.toxics(proxy.name()).stream().map(InProcessNetworkFaults::spec).toList());
    }

    /** Runs {@code operation} on the provider's link, turning the registry's refusal into one that names both. */
    private <T> T call(String provider, Supplier<T> operation, String what) {
        if (proxies.find(provider).isEmpty()) {
            throw new NetworkFaultException(404, "no provider " + provider + " on the fault proxy; its links: "
                    + proxies.list().stream().map(ProxyConfig::name).toList());
        }
        try {
            return operation.get();
        } catch (ApiException e) {
            throw new NetworkFaultException(e.status(), "fault proxy (in-process) " + what + " on provider "
                    + provider + ": " + e.getMessage() + " [" + e.status() + "]");
        }
    }

    private static ToxicSpec spec(ToxicConfig toxic) {
        return new ToxicSpec(toxic.name(), toxic.type(), ToxicSpec.Stream.valueOf(toxic.stream().name()),
                toxic.toxicity(), toxic.attributes());
    }
}
