package io.outagedrill.fakes.topology;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.publish.ManifestDraft;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.dns.FaultyResolver;
import io.outagedrill.fakes.dns.NameServers;
import io.outagedrill.fakes.edge.EdgeCdn;
import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Faults;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.network.NetworkFaults;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.status.StatusPage;
import io.outagedrill.fakes.tls.TestCertificateAuthority;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A whole fake world on loopback, started in one call and closed in one: providers that each serve the same
 * files from their own host name and address <em>through their own fault proxy</em>, a replicated signed
 * manifest listing them, status pages, a resolver and a test CA, plus a handle for each way to break them.
 *
 * <pre>{@code
 * try (Topology topology = Topology.builder().seed(42)
 *         .provider("cloudflare", p -> p.region("eu-west"))
 *         .provider("fastly")
 *         .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).group("backblaze"))
 *         .file("video.mp4", "64MiB")
 *         .start()) {
 *     topology.network().addToxic("cloudflare",
 *             ToxicSpec.of("blackhole", "bandwidth", DOWNSTREAM, Map.of("rate", 0)));
 *     topology.http("fastly").add(FaultRule.Status.of(503));
 *     client.download(topology.manifestUrls("video.mp4"));
 * }
 * }</pre>
 *
 * <p>How a client reaches a provider: {@code cloudflare.test} resolves (through {@link #resolve()},
 * {@link #dns()} or {@link #curlResolveArgs()}) to the provider's own loopback address, where a proxy on the
 * embedded Toxiproxy server listens on the port in every URL. The proxy relays TCP to the provider's server (same
 * address, another port nobody is told about), so TLS passes through untouched and the client checks the server's
 * certificate for {@code cloudflare.test} itself. The manifest replicas and the status pages are reached directly:
 * they are the control side of an outage, broken with their own handles.
 *
 * <p>This class holds the handles only: {@link Builder} declares a {@code TopologySpec}, {@code TopologyStarter}
 * brings it up. Handles: {@link #network()} (TCP: toxics, down), {@link #http} (HTTP answers), {@link #dns()} (name
 * resolution), {@link #tls} (certificates), {@link #status} (what the provider admits), {@link #manifests()} (the
 * manifest replicas), {@link #edge} (an edge cache's flush and counters), and {@link #adminUri()}, an HTTP API over
 * all but the network. {@link #close()} releases every port and thread, stops any S3Proxy process ({@link
 * ProviderBackend#S3PROXY}, whose provider takes no {@link #http} or {@link #tls} faults) and deletes the trust
 * store, the CA files and the processes' temp folders.
 */
public final class Topology implements AutoCloseable {
    private final RunningParts parts;
    private final NetworkFaults network;
    private final FaultAdminServer admin;
    private boolean closed;
    /** The resolver served to other processes; each server started on first use. */
    private final NameServers nameServers;

    /**
     * {@code admin} starts the admin API over this topology: last, as the API serves handles to every part, so it
     * sees this object only once everything else is set.
     */
    Topology(RunningParts parts, Function<Topology, FaultAdminServer> admin) {
        this.parts = parts;
        this.network = parts.links().faults();
        this.nameServers = new NameServers(parts.resolver(), parts.ca());
        this.admin = admin.apply(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- what a client needs -------------------------------------------------------------------------------

    public long seed() {
        return parts.spec().seed();
    }

    /**
     * Whether every part serves HTTPS (the manifest replicas, the status pages, every provider): a client then needs
     * no plain HTTP at all. False when any provider was declared with {@code https(false)} ({@link
     * ProviderSpec#https}); see {@link Provider#https()} for each provider's own scheme.
     */
    public boolean isHttps() {
        return parts.spec().allHttps();
    }

    /** Whether any part serves HTTPS, so that a client needs the test CA's certificate ({@link #caCertificate()}). */
    public boolean anyHttps() {
        return parts.spec().anyHttps();
    }

    /** The providers in the order they were declared (the manifest's mirror order). */
    public List<Provider> providers() {
        return parts.providers().values().stream().map(ProviderNode::provider).toList();
    }

    public Provider provider(String name) {
        return node(name).provider();
    }

    /**
     * The file hosted under {@code name}, generated or on disk ({@link ServedFile}): its size, SHA-256 and chunk
     * hashes.
     */
    public ServedFile file(String name) {
        ServedFile file = parts.files().get(name);
        if (file == null) {
            throw new NoSuchElementException("no file " + name + "; the topology hosts " + parts.files().keySet());
        }
        return file;
    }

    public List<ServedFile> files() {
        return List.copyOf(parts.files().values());
    }

    /** The signed manifest's URLs for {@code file}, one per replica in order: what a manifest fetcher takes. */
    public List<String> manifestUrls(String file) {
        file(file);
        return parts.manifests().urls(ContentPaths.manifestPath(file));
    }

    /** The client-facing URLs of {@code file} on every provider, as the manifest lists them. */
    public List<URI> mirrorUrls(String file) {
        file(file);
        return providers().stream().map(p -> p.url(ContentPaths.filePath(p.kind(), file))).toList();
    }

    /** The JWK Set file holding the manifest key's public half ({@code --trust}, {@code TrustStore.load}). */
    public Path trustStore() {
        return parts.trustStore();
    }

    /** The test CA's certificate as PEM ({@code --ca-cert}, curl's {@code --cacert}, {@code HttpClients.trustOnly}). */
    public Path caCertificate() {
        return parts.caCertificate();
    }

    /** The CA itself, for clients that take a trust manager. */
    public TestCertificateAuthority certificateAuthority() {
        return parts.ca();
    }

    /** Every name the topology serves (providers, manifest replicas, status pages) and its true address. */
    public Map<String, InetAddress> resolve() {
        return parts.names().asMap();
    }

    /**
     * {@code --resolve host:port:address} pairs for curl (and aria2's {@code --async-dns-server}-free setups)
     * covering every provider, replica and status page: {@code ["--resolve", "cloudflare.test:4711:127.0.0.2", ...]}.
     */
    public List<String> curlResolveArgs() {
        List<String> args = new ArrayList<>();
        Consumer<String> add = value -> {
            args.add("--resolve");
            args.add(value);
        };
        providers().forEach(p -> add.accept(p.curlResolve()));
        parts.manifests().replicas().forEach(r -> add.accept(r.cdn().curlResolve()));
        parts.providers().values().forEach(n -> add.accept(LoopbackDns.curlResolve(n.status().hostname(),
                parts.statusPages().address())));
        return List.copyOf(args);
    }

    /** The provider's Statuspage API base as its manifests name it ({@code https://status.NAME.test:PORT}). */
    public URI statusBase(String provider) {
        return parts.statusPages().base(status(provider));
    }

    /** {@code http://status.NAME.test:PORT/api/v2/status.json}: the provider's Statuspage status document. */
    public URI statusUrl(String provider) {
        return parts.statusPages().url(status(provider), "status.json");
    }

    // ---- handles to break things ---------------------------------------------------------------------------

    /**
     * Network (TCP) faults on each provider's link, the proxy named after the provider: toxics ({@code timeout}
     * 0 for a blackhole, {@code latency}, {@code bandwidth}, {@code slicer}, {@code reset_peer}, {@code limit_data},
     * {@code slow_close}, the embedded proxy's {@code corrupt}), a link down and up, a reset. The one way in for
     * network faults; it calls the embedded proxy in-process.
     */
    public NetworkFaults network() {
        return network;
    }

    /**
     * The embedded proxy's Toxiproxy API, for people and tools outside this JVM ({@code toxiproxy-cli -h
     * HOST:PORT}, {@code drill topology up}'s printout). Code in this JVM uses {@link #network()}.
     */
    public URI toxiproxyUri() {
        return parts.links().controlUri();
    }

    /**
     * The admin HTTP API for everything but network faults ({@link FaultAdminHandler} lists the routes): HTTP fault
     * rules, DNS faults, certificates, status pages and manifest replicas, as JSON.
     */
    public URI adminUri() {
        return admin.uri();
    }

    /**
     * The provider server's HTTP-level faults (status codes, cuts, corrupt bytes, dribbles, redirects). In-process
     * servers only: an S3Proxy-backed provider throws {@link FaultNotApplicableException} naming what applies.
     */
    public Faults http(String provider) {
        return inProcessServer(provider, "HTTP faults (http)").faults();
    }

    /**
     * Adds an HTTP fault to the provider's server until the returned handle runs: the in-process server's {@link
     * #http} fault chain, or a real server that acts the rule out itself ({@link ExternalServers#addHttpFault}).
     * Throws {@link FaultNotApplicableException} where neither can.
     */
    public InstalledRule addHttpFault(String provider, FaultRule rule, Scope scope) {
        ProviderNode node = node(provider);
        if (node.cdn() == null && node.s3proxy() == null && parts.external() != null) {
            return InstalledRule.uncounted(parts.external().addHttpFault(provider, rule, scope));
        }
        ActiveFault installed = http(provider).add(rule, scope);
        return new InstalledRule(installed::clear, installed::appliedCount);
    }

    /**
     * Empties the cache of a provider declared with {@link ProviderSpec#edgeOf}: the in-process {@link #edge}'s, or
     * the real edge server's ({@link ExternalServers#flushCache}).
     */
    public void flushEdge(String provider) {
        ProviderNode node = node(provider);
        if (node.edge() == null && node.cdn() == null && node.s3proxy() == null && parts.external() != null
                && node.provider().isEdge()) {
            parts.external().flushCache(provider);
            return;
        }
        edge(provider).flush();
    }

    /** The resolver every name goes through, with per-name faults (NXDOMAIN, SERVFAIL, empty, slow) and TTLs. */
    public FaultyResolver dns() {
        return parts.resolver();
    }

    /**
     * A name server on loopback (UDP) that answers as {@link #dns()} does, faults and TTLs included, for a downloader
     * in another process ({@code drill get --dns-server}); started on first use, closed with the world.
     */
    public InetSocketAddress nameServer() {
        return nameServers.udp();
    }

    /**
     * The same name server on port 53 of a loopback address of its own (127.53.0.x), for a downloader that takes a
     * name server's address but not its port (aria2c's {@code --async-dns-server}). Port 53 is privileged: without
     * root, {@code CAP_NET_BIND_SERVICE} or {@code net.ipv4.ip_unprivileged_port_start} at 53 or below this throws
     * saying so. Started on first use, closed with the world.
     */
    public InetAddress nameServerOnPort53() {
        return nameServers.onPort53();
    }

    /**
     * The same name server over HTTPS (DNS over HTTPS, RFC 8484), for a downloader that can be pointed at a DoH server
     * but not at a name server on another port than 53 ({@code curl --doh-url}); its certificate comes from the
     * world's CA ({@link #caCertificate()}). Started on first use, closed with the world.
     */
    public URI dohUrl() {
        return nameServers.dohUrl();
    }

    /**
     * Which certificate the provider's server presents. HTTPS providers and in-process servers only: S3Proxy reads
     * its certificate once, at its start, so an S3Proxy-backed provider throws {@link FaultNotApplicableException}.
     */
    public CertificateSwitch tls(String provider) {
        if (!provider(provider).https()) {
            throw new IllegalStateException("provider " + provider + " serves plain HTTP, so it has no certificate "
                    + "to switch; HTTPS providers here: " + namesWhere(n -> n.provider().https())
                    + " (a provider serves HTTPS when its own https, or else the topology's, is true)");
        }
        return new CertificateSwitch(inProcessServer(provider, "certificate switches (tls)"));
    }

    /** The provider's status page, served by {@link #statusUrl}. */
    public StatusPage status(String provider) {
        return node(provider).status();
    }

    /** The manifest replicas: per-replica faults (refused, 503, expired, rollback, bad signature, ...), publish. */
    public ManifestService manifests() {
        return parts.manifests();
    }

    public List<ManifestReplica> manifestReplicas() {
        return parts.manifests().replicas();
    }

    /**
     * The edge cache of a provider declared with {@link ProviderSpec#edgeOf}: {@code flush()} for cold caches,
     * {@code stats()} for hits, misses and stale serves. Its origin's traffic is {@code server(origin).stats()}.
     */
    public EdgeCdn edge(String provider) {
        ProviderNode node = node(provider);
        if (node.edge() == null) {
            throw new IllegalArgumentException("provider " + provider + " is not an edge cache; edges here: "
                    + namesWhere(n -> n.edge() != null));
        }
        return node.edge();
    }

    /**
     * The provider's in-process server itself (behind the proxy): its stats, or refusing connections at the origin.
     * For an S3Proxy-backed provider see {@link #s3proxy}.
     */
    public FakeCdn server(String provider) {
        return inProcessServer(provider, "the in-process server handle (server)");
    }

    /**
     * The S3Proxy process behind a provider built with {@link ProviderSpec#backend}{@code (S3PROXY)}: its
     * endpoint, process and temp folder. Stopping it is an outage the proxy cannot fake: connections to the
     * provider are then refused behind a healthy proxy, as with {@code server(name).refuseConnections()}.
     */
    public S3ProxyProcess s3proxy(String provider) {
        ProviderNode node = node(provider);
        if (node.s3proxy() == null) {
            throw new IllegalArgumentException("provider " + provider + " is served in-process, not by S3Proxy; "
                    + "S3Proxy-backed here: " + namesWhere(n -> n.s3proxy() != null));
        }
        return node.s3proxy();
    }

    /**
     * The provider's in-process server, for a {@code handle} that needs one. An S3Proxy process is not ours to
     * script, so asking is an error that says which faults do reach the provider, never a silent no-op.
     */
    private FakeCdn inProcessServer(String provider, String handle) {
        ProviderNode node = node(provider);
        if (node.cdn() == null && node.s3proxy() == null) {
            throw new FaultNotApplicableException(("provider %s is a real server outside this JVM (%s), not an "
                    + "in-process fake server, so %s cannot reach it. What applies to it: its network link "
                    + "(network(): toxics, down), DNS faults, its status page and manifest faults; a Varnish edge's "
                    + "status and slow-first-byte faults go through the fault vocabulary (AppliedFaults; the admin "
                    + "API's POST /faults {\"family\": \"http\", \"id\": \"ID\", \"target\": \"%s\", \"rule\": "
                    + "{\"type\": \"status\", \"code\": 503}})")
                    .formatted(provider, parts.external().describe(), handle, provider));
        }
        if (node.cdn() == null) {
            String host = node.provider().hostname();
            throw new FaultNotApplicableException(("provider %s is served by an S3Proxy process (backend S3PROXY), "
                    + "not by an in-process fake server, so %s cannot reach it. What applies to it: its network link "
                    + "(network().addToxic(\"%s\", ...) for toxics, corrupt included; network().down(\"%s\")), DNS "
                    + "faults on %s (dns()), its status page (status(\"%s\")) and manifest faults; for %s on an "
                    + "object store, keep its backend IN_PROCESS")
                    .formatted(provider, handle, provider, provider, host, provider, handle));
        }
        return node.cdn();
    }

    private ProviderNode node(String provider) {
        ProviderNode node = parts.providers().get(provider);
        if (node == null) {
            throw new NoSuchElementException("no provider " + provider + "; the topology has "
                    + parts.providers().keySet());
        }
        return node;
    }

    private List<String> namesWhere(Predicate<ProviderNode> test) {
        return parts.providers().values().stream().filter(test).map(n -> n.provider().name()).toList();
    }

    /** Stops every server and proxy (open connections drop), releases their ports and threads, deletes the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        parts.resolver().clearFaults(); // releases lookups a slow DNS fault holds
        RuntimeException failure = null;
        try {
            nameServers.close();
        } catch (RuntimeException e) {
            failure = e; // thrown once the world's servers are stopped too
        }
        RuntimeException partsFailure = parts.closers().closeAll();
        if (partsFailure != null) {
            if (failure != null) {
                partsFailure.addSuppressed(failure);
            }
            throw partsFailure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Topology[" + parts.providers().keySet() + ", files " + parts.files().keySet() + ", seed " + seed()
                + "]";
    }

    /**
     * Declares a {@link Topology}; {@link #start()} checks the whole declaration ({@code TopologySpec}) and brings
     * it up. A value that is wrong on its own (a port out of range, a name declared twice) is refused at once.
     */
    public static final class Builder {
        static final long DEFAULT_CHUNK_SIZE = 4L << 20;
        static final long DEFAULT_FILE_SIZE = 8L << 20;

        private final Map<String, ProviderSpec> providers = new LinkedHashMap<>();
        private final Map<String, FileSpec> files = new LinkedHashMap<>();
        private long seed = 1;
        private boolean https = true;
        private int manifestReplicas = 2;
        private Clock clock = Clock.systemUTC();
        private Duration manifestTtl = Duration.ofDays(1);
        private int toxiproxyPort;
        private int adminPort;
        private ExternalServers externalServers;

        private Builder() {
        }

        /** The admin HTTP API's port on 127.0.0.1 (default 0: the OS picks). */
        public Builder adminPort(int port) {
            InvalidTopologyException.require(TopologySpec.portProblem("adminPort", port));
            this.adminPort = port;
            return this;
        }

        /**
         * The Toxiproxy control API's port on 127.0.0.1 (default 0: the OS picks). 8474, Toxiproxy's own, lets
         * {@code toxiproxy-cli} and other clients find it without being told; tests keep the default.
         */
        public Builder toxiproxyPort(int port) {
            InvalidTopologyException.require(TopologySpec.portProblem("toxiproxyPort", port));
            this.toxiproxyPort = port;
            return this;
        }

        /**
         * The providers' servers and their fault proxy are {@code servers}' real ones (containers mode) instead of
         * in-process fakes; the world owns them from {@link #start()} on and stops them on {@link Topology#close()}
         * (also when the start fails).
         */
        public Builder externalServers(ExternalServers servers) {
            this.externalServers = Objects.requireNonNull(servers, "servers");
            return this;
        }

        /** Seeds the file bytes and the proxy's toxicity draws, so a run can be replayed (default 1). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * HTTPS from the topology's test CA (default), or plain HTTP: for the manifest replicas and the status pages,
         * and for every provider that does not set its own ({@link ProviderSpec#https}).
         */
        public Builder https(boolean value) {
            this.https = value;
            return this;
        }

        /** A CDN named {@code name} ({@code name.test}) with default settings. */
        public Builder provider(String name) {
            return provider(name, p -> {
            });
        }

        /** A provider set up by {@code setup}: kind, region, group, priority, host name. */
        public Builder provider(String name, Consumer<ProviderSpec> setup) {
            ProviderSpec spec = new ProviderSpec(name);
            setup.accept(spec);
            if (providers.putIfAbsent(name, spec) != null) {
                throw new InvalidTopologyException(List.of("provider " + name + " is declared twice"));
            }
            return this;
        }

        /** The first {@code count} providers of the {@link ProviderCatalog} (cloudflare, fastly, bunny, ...). */
        public Builder providers(int count) {
            ProviderCatalog.first(count).forEach(entry -> provider(entry.name(), entry.setup()));
            return this;
        }

        /** A file of {@code size} ("64MiB", "4096") in chunks of 4 MiB. */
        public Builder file(String name, String size) {
            return file(name, ByteSize.parse(size));
        }

        public Builder file(String name, long size) {
            return file(name, size, DEFAULT_CHUNK_SIZE);
        }

        /** A file of {@code size} bytes generated from the topology's seed, signed in chunks of {@code chunkSize}. */
        public Builder file(String name, long size, long chunkSize) {
            return file(new FileSpec(name, size, chunkSize, OptionalLong.empty()));
        }

        /**
         * A file of {@code size} bytes generated from its own {@code seed}, whatever the topology's: two files of
         * one size then differ, or a file keeps its bytes across runs with different seeds.
         */
        public Builder file(String name, long size, long chunkSize, long seed) {
            return file(new FileSpec(name, size, chunkSize, OptionalLong.of(seed)));
        }

        /**
         * The publisher's own file at {@code path}, served from disk by every provider under its file name and signed
         * in chunks of the size {@code drill manifest create} picks for it (4 MiB, doubled until it needs at most
         * 12,000 chunk hashes). It is hashed once at {@link #start()}; see {@link FileOnDisk} for a file that
         * changes after that.
         */
        public Builder file(Path path) {
            Path fileName = path.getFileName();
            return file(fileName == null ? "" : fileName.toString(), path, OptionalLong.empty());
        }

        /** The publisher's file at {@code path}, served as {@code name}, in the chunks {@link #file(Path)} picks. */
        public Builder file(String name, Path path) {
            return file(name, path, OptionalLong.empty());
        }

        /** The publisher's file at {@code path}, served as {@code name} and signed in chunks of {@code chunkSize}. */
        public Builder file(String name, Path path, long chunkSize) {
            return file(name, path, OptionalLong.of(chunkSize));
        }

        private Builder file(String name, Path path, OptionalLong chunkSize) {
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                throw new InvalidTopologyException(List.of("file " + name + ": cannot read " + path.toAbsolutePath()
                        + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            }
            if (!Files.isRegularFile(path)) {
                throw new InvalidTopologyException(List.of("file " + name + ": " + path.toAbsolutePath()
                        + " is not a regular file"));
            }
            return file(new FileSpec(name, size, chunkSize.orElse(ManifestDraft.chunkSizeFor(size)),
                    OptionalLong.empty(), Optional.of(path)));
        }

        private Builder file(FileSpec spec) {
            if (files.putIfAbsent(spec.name(), spec) != null) {
                throw new InvalidTopologyException(List.of("file " + spec.name() + " is declared twice"));
            }
            return this;
        }

        /** How many manifest replicas ({@code manifests-a.test}, {@code manifests-b.test}, ...; default 2). */
        public Builder manifestReplicas(int count) {
            InvalidTopologyException.require(TopologySpec.replicaCountProblem(count));
            this.manifestReplicas = count;
            return this;
        }

        /** The clock for certificates, manifest expiry, status page times and DNS TTLs (default UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How long the published manifests stay valid from start (default 1 day). */
        public Builder manifestTtl(Duration value) {
            InvalidTopologyException.require(TopologySpec.ttlProblem(Objects.requireNonNull(value, "manifestTtl")));
            this.manifestTtl = value;
            return this;
        }

        /**
         * The declaration as it stands, checked as a whole; with no file declared, {@code video.mp4} of 8 MiB.
         * Throws {@link InvalidTopologyException} listing every problem.
         */
        TopologySpec spec() {
            List<FileSpec> declared = files.isEmpty()
                    ? List.of(new FileSpec("video.mp4", DEFAULT_FILE_SIZE, DEFAULT_CHUNK_SIZE, OptionalLong.empty()))
                    : List.copyOf(files.values());
            return new TopologySpec(providers.values().stream().map(p -> p.settings(https)).toList(), declared, seed,
                    https, manifestReplicas, clock, manifestTtl, toxiproxyPort, adminPort);
        }

        /**
         * Checks the declaration, then starts everything. On failure, whatever had started is closed again before
         * the exception leaves.
         */
        public Topology start() {
            return TopologyStarter.start(spec(), AddressAllocator.loopback(), externalServers);
        }
    }
}
