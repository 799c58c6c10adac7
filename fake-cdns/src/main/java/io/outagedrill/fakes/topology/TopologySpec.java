package io.outagedrill.fakes.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A whole topology as declared: what {@link Topology.Builder} collects, frozen, and checked as a whole before
 * anything starts. Making one that cannot start throws {@link InvalidTopologyException} listing every problem.
 *
 * @param providers        in declared order: the manifest's mirror order
 * @param files            hosted by every provider
 * @param seed             the files' bytes (unless a file has its own) and the proxy's toxicity draws
 * @param https            HTTPS from the topology's test CA, or plain HTTP, for the manifest replicas and status
 *                         pages (each provider's own scheme is in its settings: {@link ProviderSettings#https})
 * @param manifestReplicas how many manifest replicas, 1 to {@value #MAX_REPLICAS}
 * @param clock            for certificates, manifest expiry, status pages and DNS TTLs
 * @param manifestTtl      how long the published manifests stay valid from start
 * @param toxiproxyPort    the Toxiproxy control API's port on 127.0.0.1, 0 for one the OS picks
 * @param adminPort        the admin API's port on 127.0.0.1, 0 for one the OS picks
 */
record TopologySpec(List<ProviderSettings> providers, List<FileSpec> files, long seed, boolean https,
                    int manifestReplicas, Clock clock, Duration manifestTtl, int toxiproxyPort, int adminPort) {
    /** Replicas are lettered a to z. */
    static final int MAX_REPLICAS = 26;

    TopologySpec {
        providers = List.copyOf(providers);
        files = List.copyOf(files);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(manifestTtl, "manifestTtl");
        List<String> problems = new ArrayList<>();
        if (providers.isEmpty()) {
            problems.add("a topology needs at least one provider");
        }
        if (files.isEmpty()) {
            problems.add("a topology needs at least one file");
        }
        declaredTwice("provider", providers, ProviderSettings::name).forEach(problems::add);
        declaredTwice("file", files, FileSpec::name).forEach(problems::add);
        replicaCountProblem(manifestReplicas).ifPresent(problems::add);
        portProblem("toxiproxyPort", toxiproxyPort).ifPresent(problems::add);
        portProblem("adminPort", adminPort).ifPresent(problems::add);
        ttlProblem(manifestTtl).ifPresent(problems::add);
        if (replicaCountProblem(manifestReplicas).isEmpty()) {
            problems.addAll(hostNameClashes(providers, manifestReplicas));
        }
        problems.addAll(backendProblems(providers));
        problems.addAll(edgeProblems(providers));
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
    }

    /** Whether every part serves HTTPS: the manifest replicas, the status pages and each provider. */
    boolean allHttps() {
        return https && providers.stream().allMatch(ProviderSettings::https);
    }

    /** Whether any part serves HTTPS, so that clients need the test CA's certificate. */
    boolean anyHttps() {
        return https || providers.stream().anyMatch(ProviderSettings::https);
    }

    Optional<ProviderSettings> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** {@code manifests-a.test}, {@code manifests-b.test}, ...: one per replica. */
    List<String> replicaNames() {
        return replicaNames(manifestReplicas);
    }

    static Optional<String> replicaCountProblem(int count) {
        return count >= 1 && count <= MAX_REPLICAS ? Optional.empty()
                : Optional.of("manifestReplicas: expected 1 to " + MAX_REPLICAS + ", was " + count);
    }

    static Optional<String> portProblem(String what, int port) {
        return port >= 0 && port <= 65535 ? Optional.empty()
                : Optional.of(what + ": expected 0 to 65535, was " + port);
    }

    static Optional<String> ttlProblem(Duration ttl) {
        return ttl.isNegative() || ttl.isZero()
                ? Optional.of("manifestTtl: expected a positive duration, was " + ttl) : Optional.empty();
    }

    private static List<String> replicaNames(int count) {
        return IntStream.range(0, count).mapToObj(i -> "manifests-" + (char) ('a' + i) + ".test").toList();
    }

    private static <T> List<String> declaredTwice(String what, List<T> items, Function<T, String> name) {
        Set<String> seen = new HashSet<>();
        return items.stream().map(name).filter(n -> !seen.add(n)).distinct()
                .map(n -> what + " " + n + " is declared twice").toList();
    }

    /** One name, one address: two servers under one name would make every fault ambiguous. */
    private static List<String> hostNameClashes(List<ProviderSettings> providers, int replicas) {
        List<String> problems = new ArrayList<>();
        Map<String, String> owners = new LinkedHashMap<>();
        replicaNames(replicas).forEach(replica -> owners.put(replica, "manifest replica " + replica));
        Set<String> seen = new HashSet<>();
        for (ProviderSettings provider : providers) {
            if (!seen.add(provider.name())) {
                continue; // declared twice: a problem of its own, not a clash with itself
            }
            for (String name : List.of(provider.hostname(), provider.statusHostname())) {
                String other = owners.putIfAbsent(name, "provider " + provider.name());
                if (other != null) {
                    problems.add("host name " + name + " would belong to both " + other + " and provider "
                            + provider.name());
                }
            }
        }
        return problems;
    }

    /** S3Proxy is an object store: as a CDN or origin it would serve /BUCKET/FILE where clients ask for /FILE. */
    private static List<String> backendProblems(List<ProviderSettings> providers) {
        return providers.stream()
                .filter(p -> p.backend() == ProviderBackend.S3PROXY && p.kind() != ProviderKind.OBJECT_STORE)
                .map(p -> "provider " + p.name() + " has backend S3PROXY, which serves object stores only, but its "
                        + "kind is " + p.kind() + "; give it kind(ProviderKind.OBJECT_STORE), or keep its backend "
                        + "IN_PROCESS")
                .toList();
    }

    /**
     * An edge asks its origin for the very path it was asked, so neither may be an object store (whose paths carry
     * a bucket); and an edge's origin serves its own files, so edges do not chain.
     */
    private static List<String> edgeProblems(List<ProviderSettings> providers) {
        Map<String, ProviderSettings> byName = new LinkedHashMap<>();
        providers.forEach(p -> byName.putIfAbsent(p.name(), p));
        List<String> problems = new ArrayList<>();
        for (ProviderSettings edge : providers) {
            if (!edge.isEdge()) {
                continue;
            }
            ProviderSettings origin = byName.get(edge.edgeOf());
            String problem = origin == null ? "which is not declared; providers: " + byName.keySet()
                    : origin.name().equals(edge.name()) ? "itself"
                    : origin.isEdge() ? "which is itself an edge (of " + origin.edgeOf() + ")"
                    : origin.kind() == ProviderKind.OBJECT_STORE || edge.kind() == ProviderKind.OBJECT_STORE
                    ? "but edges and their origins serve /FILE paths, and object stores /BUCKET/FILE" : null;
            if (problem != null) {
                problems.add("provider " + edge.name() + " is an edge of " + edge.edgeOf() + ", " + problem);
            }
        }
        return problems;
    }
}
