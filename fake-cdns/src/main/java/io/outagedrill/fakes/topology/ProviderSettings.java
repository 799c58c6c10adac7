package io.outagedrill.fakes.topology;

import java.util.Objects;

/**
 * One provider as declared, frozen: what {@link ProviderSpec} collected, with its defaults applied. Whether it fits
 * the rest of the topology (its edge's origin, its host name) is {@link TopologySpec}'s to check.
 *
 * @param edgeOf the origin provider this one caches, or null when it serves its own files
 * @param https  whether it serves HTTPS from the topology's test CA (else plain HTTP)
 */
record ProviderSettings(String name, String hostname, ProviderKind kind, String region, String group, int priority,
                        String edgeOf, ProviderBackend backend, boolean https) {
    ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(backend, "backend");
    }

    boolean isEdge() {
        return edgeOf != null;
    }

    /** The host name of the provider's status page. */
    String statusHostname() {
        return "status." + hostname;
    }
}
