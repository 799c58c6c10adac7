package io.outagedrill.harness.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The world a scenario builds: providers (each a fake server behind its own fault proxy), the files they
 * host, and the signed manifest that lists them.
 */
public record Topology(List<Provider> providers, List<FileSpec> files, ManifestSpec manifest) {
    public Topology {
        providers = List.copyOf(providers);
        files = List.copyOf(files);
    }

    public Optional<Provider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<FileSpec> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The providers a fault's {@code target} names: one provider by name, or every provider of a failure
     * group (a correlated failure: "everything on AWS"). Empty when the name is neither.
     */
    public List<Provider> resolve(String target) {
        Optional<Provider> byName = provider(target);
        if (byName.isPresent()) {
            return List.of(byName.get());
        }
        return providers.stream().filter(p -> p.group().equals(target)).toList();
    }

    public enum ProviderKind {
        /** A CDN edge: caches, may front an origin ({@code edgeOf}). */
        CDN_EDGE,
        /** The publisher's own server. */
        ORIGIN,
        /** An S3-style bucket. */
        OBJECT_STORE;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * What serves a provider. Clients cannot tell; the faults that reach it and its start time differ.
     */
    public enum Backend {
        /** A fake server inside the harness: starts in milliseconds, takes every fault. The default. */
        IN_PROCESS,
        /**
         * S3Proxy, a real S3-compatible server, in its own process; {@code object-store} providers only. Seconds to
         * start; takes {@code toxic.*}, {@code dns.*} and {@code status-page.*} faults, not {@code http.*} or
         * {@code tls.*} (they need the harness's own server).
         */
        S3PROXY;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One fake provider.
     *
     * @param hostname what clients resolve; default {@code NAME.test}
     * @param region   free text (e.g. {@code eu}, {@code us-east-1}); signed into the manifest's mirror entry
     * @param group    failure domain, default the name; a DNS failure lowers every mirror of the group
     * @param https    serve TLS (default true); {@code tls.*} faults need it
     * @param edgeOf   the origin this edge caches from, or null
     * @param backend  what serves it (default {@link Backend#IN_PROCESS})
     */
    public record Provider(String name, ProviderKind kind, String hostname, String region, String group,
                           boolean https, String edgeOf, Backend backend) {
    }

    /**
     * One file every client may download: generated from (name, size, seed) (see fake-cdns' {@code GeneratedFile}),
     * or the publisher's own file on disk ({@code path}), served from there as it is.
     *
     * @param size    bytes; for a file on disk, its size when the scenario was loaded
     * @param mirrors provider names that host it, in manifest order; default every provider
     * @param seed    what generates its bytes (unused for a file on disk)
     * @param path    the file on disk, absolute; empty for a generated file
     */
    public record FileSpec(String name, long size, long chunkSize, List<String> mirrors, long seed,
                           Optional<Path> path) {
        public FileSpec {
            mirrors = List.copyOf(mirrors);
            Objects.requireNonNull(path, "path");
        }

        /** A generated file. */
        public FileSpec(String name, long size, long chunkSize, List<String> mirrors, long seed) {
            this(name, size, chunkSize, mirrors, seed, Optional.empty());
        }
    }

    /**
     * The manifest service. Times are wall-clock: the client checks {@code expires} against its own clock.
     *
     * @param replicas  how many manifest URLs the client is given (faults address them by 1-based number)
     * @param expiresIn expiry of the signed manifest, from the run's start
     * @param version   signed version number
     */
    public record ManifestSpec(int replicas, Duration expiresIn, long version) {
        public static final ManifestSpec DEFAULT = new ManifestSpec(1, Duration.ofHours(24), 1);
    }
}
