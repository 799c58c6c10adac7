package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.cdn.LoopbackAddresses;

import java.net.InetAddress;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gives each provider and the status page server its own loopback address, all at once and before anything
 * starts: origins in declared order, then edges in declared order, then the status pages. Handed out up front
 * rather than as servers bind, the addresses do not depend on which start thread gets there first, so the same
 * declaration lays a topology out the same way every run. (The manifest replicas take theirs when they bind, after
 * all of these.)
 */
final class AddressAllocator {
    /** What {@link #allocate} handed out. */
    record Addresses(Map<String, InetAddress> providers, InetAddress statusPages) {
        Addresses {
            providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
            Objects.requireNonNull(statusPages, "statusPages");
        }

        InetAddress provider(String name) {
            InetAddress address = providers.get(name);
            if (address == null) {
                throw new NoSuchElementException("no address for provider " + name + "; allocated for "
                        + providers.keySet());
            }
            return address;
        }
    }

    private final Supplier<InetAddress> source;

    AddressAllocator(Supplier<InetAddress> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** From the JVM-wide loopback sequence 127.0.0.2, 127.0.0.3, ... shared with every other fake server. */
    static AddressAllocator loopback() {
        return new AddressAllocator(LoopbackAddresses::next);
    }

    Addresses allocate(TopologySpec spec) {
        Set<InetAddress> taken = new HashSet<>();
        Map<String, InetAddress> providers = new LinkedHashMap<>();
        // Origins before edges: an edge starts after its origin, and its address follows the same order.
        spec.providers().stream().filter(p -> !p.isEdge()).forEach(p -> providers.put(p.name(), next(taken)));
        spec.providers().stream().filter(ProviderSettings::isEdge).forEach(p -> providers.put(p.name(), next(taken)));
        return new Addresses(providers, next(taken));
    }

    private InetAddress next(Set<InetAddress> taken) {
        InetAddress address = source.get();
        if (!taken.add(address)) {
            throw new IllegalStateException("the address source handed out " + address.getHostAddress()
                    + " twice; every provider and the status pages need an address of their own");
        }
        return address;
    }
}
