package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.TempTrees;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.outagedrill.client.ByteSize;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.dns.FaultyResolver;
import io.outagedrill.fakes.edge.EdgeCdn;
import io.outagedrill.fakes.http.Faults;
import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.Manifests;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.proxy.CorruptToxics;
import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import io.outagedrill.fakes.status.StatusPage;
import io.outagedrill.fakes.status.StatusPageServer;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
 *     topology.proxy("cloudflare").toxics().timeout("blackhole", ToxicDirection.DOWNSTREAM, 0);
 *     topology.http("fastly").add(FaultRule.Status.of(503));
 *     client.download(topology.manifestUrls("video.mp4"));
 * }
 * }</pre>
 *
 * <p>How a client reaches a provider: {@code cloudflare.test} resolves (through {@link #resolve()},
 * {@link #dns()} or {@link #curlResolveArgs()}) to the provider's own loopback address, where a proxy on the
 * embedded {@link ToxiproxyServer} listens on the port in every URL. The proxy relays TCP to the provider's
 * server (same address, another port nobody is told about), so TLS passes through untouched and the client
 * checks the server's certificate for {@code cloudflare.test} itself. The manifest replicas and the status pages
 * are reached directly: they are the control side of an outage, broken with their own handles.
 *
 * <p>Handles: {@link #proxy} and {@link #toxiproxy()} (the network: toxics, down), {@link #http} (HTTP answers),
 * {@link #dns()} (name resolution), {@link #tls} (certificates), {@link #status} (what the provider admits),
 * {@link #manifests()} (the manifest replicas), {@link #edge} (an edge cache's flush and counters), and {@link
 * #adminUri()}, an HTTP API over all but the network. {@link #close()} releases every port and thread, stops any
 * S3Proxy process ({@link ProviderBackend#S3PROXY}, whose provider takes no {@link #http} or {@link #tls} faults) and
 * deletes the trust store, the CA files and the processes' temp folders.
 */
public final class Topology implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Topology.class);
    /** Object stores serve path-style URLs ({@code /BUCKET/KEY}), as S3 and B2 do. */
    static final String BUCKET = "outage-drill";
    /** An edge's wait for its origin's TCP handshake: a blackholed origin proxy should not hold a fill long. */
    private static final Duration EDGE_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One provider's running parts. Its server is in-process ({@code cdn}; with {@code edge} too when it caches an
     * origin) or an S3Proxy process ({@code s3proxy}, and {@code cdn} is null); the unused fields are null.
     */
    private record Node(Provider provider, FakeCdn cdn, EdgeCdn edge, S3ProxyProcess s3proxy, StatusPage status) {
    }

    private final long seed;
    private final boolean https;
    private final Path directory;
    /** Everything started, newest first: closed in that order. */
    private final Deque<AutoCloseable> closers;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, GeneratedFile> files = new LinkedHashMap<>();
    private final LoopbackDns names = new LoopbackDns();
    private final FaultyResolver resolver;
    private final TestCertificateAuthority ca;
    private final ToxiproxyServer toxiproxyServer;
    /** Made on first use: the official client brings Gson, which a topology never broken through it does not need. */
    private ToxiproxyClient toxiproxy;
    private final ManifestService manifests;
    private final StatusPageServer statusPages;
    private final Path trustStore;
    private final Path caCertificate;
    private final FaultAdminServer admin;
    private boolean closed;

    private Topology(Builder builder, Deque<AutoCloseable> closers, StartSteps steps) throws IOException {
        long started = System.nanoTime();
        this.closers = closers;
        this.seed = builder.seed;
        this.https = builder.https;
        this.directory = Files.createTempDirectory("outage-drill-topology-");
        closers.push(() -> TempTrees.delete(directory));
        this.resolver = new FaultyResolver(names, builder.clock);
        builder.files.values().forEach(f -> files.put(f.name(), GeneratedFile.of(f.name(), f.size(), f.seed().orElse(seed))));

        // Each part starts as soon as what it uses is up (StartSteps): the CA, the Toxiproxy server, the files'
        // hashes and the status pages need nothing of each other; HTTPS servers wait for the CA, proxies for
        // the Toxiproxy server.
        this.caCertificate = directory.resolve("ca.pem");
        this.trustStore = directory.resolve("keys.jwks");
        CompletableFuture<TestCertificateAuthority> authority = steps.start(() -> {
            TestCertificateAuthority made = TestCertificateAuthority.create(builder.clock);
            try {
                made.writePem(caCertificate);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the CA certificate " + caCertificate, e);
            }
            return made;
        });
        CompletableFuture<ToxiproxyServer> proxies = steps.start(() -> closing(ToxiproxyServer.start(
                new InetSocketAddress(LoopbackAddresses.localhost(), builder.toxiproxyPort), seed)));
        List<CompletableFuture<?>> certified = https ? List.of(authority) : List.of();
        CompletableFuture<?> digests = CompletableFuture.allOf(builder.files.values().stream()
                .map(f -> steps.start(() -> files.get(f.name()).chunkHashes(f.chunkSize())))
                .toArray(CompletableFuture[]::new));

        // Origins before the edges that fetch through their proxies. Addresses are handed out here, in declared
        // order, so they do not depend on which thread binds first.
        Map<String, StatusPage> pages = new LinkedHashMap<>();
        for (ProviderSpec spec : builder.providers.values()) {
            pages.put(spec.name(), new StatusPage("status." + spec.hostname(), displayName(spec.name()), builder.clock));
        }
        Map<String, CompletableFuture<Node>> providers = new LinkedHashMap<>();
        for (ProviderSpec spec : builder.providers.values()) {
            if (spec.edgeOf() == null) {
                InetAddress address = LoopbackAddresses.next();
                StatusPage status = pages.get(spec.name());
                providers.put(spec.name(), steps.after(certified, () -> startProvider(spec, builder.clock, null,
                        https ? authority.join() : null, proxies, address, status)));
            }
        }
        for (ProviderSpec spec : builder.providers.values()) {
            if (spec.edgeOf() != null) {
                InetAddress address = LoopbackAddresses.next();
                StatusPage status = pages.get(spec.name());
                CompletableFuture<Node> origin = providers.get(spec.edgeOf());
                providers.put(spec.name(), steps.after(List.of(origin), () -> startProvider(spec, builder.clock,
                        origin.join().provider(), https ? authority.join() : null, proxies, address, status)));
            }
        }
        InetAddress statusAddress = LoopbackAddresses.next();
        CompletableFuture<StatusPageServer> statusServer = steps.after(certified, () -> {
            StatusPageServer.Builder server = StatusPageServer.builder().dns(names).address(statusAddress);
            pages.values().forEach(server::page);
            if (https) {
                server.https(authority.join()); // manifests name the pages, under the same https rule as mirrors
            }
            return closing(server.start());
        });
        // The replicas take the next addresses when they bind, after every address handed out above.
        ManifestService.Builder service = ManifestService.builder().clock(builder.clock).dns(names)
                .replicas(replicaNames(builder.manifestReplicas));
        CompletableFuture<ManifestService> manifestService = steps.after(certified, () -> {
            ManifestService up = closing((https ? service.https(authority.join()) : service).start());
            up.writeTrustStore(trustStore);
            return up;
        });

        this.ca = StartSteps.join(authority);
        this.toxiproxyServer = StartSteps.join(proxies);
        for (String name : builder.providers.keySet()) {
            nodes.put(name, StartSteps.join(providers.get(name)));
        }
        this.statusPages = StartSteps.join(statusServer);
        this.manifests = StartSteps.join(manifestService);
        StartSteps.join(digests); // before publishing, which would otherwise hash the files a second time
        for (FileSpec spec : builder.files.values()) {
            manifests.publish(manifestPath(spec.name()), Manifests.forContent(files.get(spec.name()), spec.chunkSize(),
                    mirrors(spec.name()), builder.clock.instant().plus(builder.manifestTtl), 1));
        }
        // Last: it serves handles to everything above.
        this.admin = closing(FaultAdminServer.start(this,
                new InetSocketAddress(LoopbackAddresses.localhost(), builder.adminPort)));
        LOG.info("topology up in {} ms: {} providers behind proxies on {}, {} manifest replicas, admin API on {}, "
                        + "seed {}", (System.nanoTime() - started) / 1_000_000, nodes.size(),
                toxiproxyServer.controlUri(), builder.manifestReplicas, admin.uri(), seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers a started part to be closed with the topology (or when a later part fails to start). */
    private <T extends AutoCloseable> T closing(T part) {
        closers.push(part);
        return part;
    }

    /**
     * The provider's server on its own address and a hidden port, then, once the Toxiproxy server is up, its proxy
     * on the client-facing port. With an {@code origin}, the server is an edge cache that hosts nothing and fills
     * itself from the origin; for an {@link ProviderBackend#S3PROXY} provider it is an S3Proxy process holding the
     * files (seconds to start, which its own start thread spends beside the others). Runs on a start thread: it
     * reads only final fields set before the steps began, and its parameters.
     */
    private Node startProvider(ProviderSpec spec, Clock clock, Provider origin, TestCertificateAuthority ca,
                               CompletableFuture<ToxiproxyServer> toxiproxy, InetAddress address, StatusPage status) {
        EdgeCdn edge = null;
        FakeCdn cdn = null;
        S3ProxyProcess s3proxy = null;
        InetSocketAddress server;
        if (spec.backend() == ProviderBackend.S3PROXY) {
            s3proxy = closing(S3ProxyBackend.start(spec.hostname(), ca, files.values(), address));
            server = s3proxy.address();
        } else if (origin == null) {
            FakeCdn.Builder fakeServer = FakeCdn.builder(spec.hostname()).address(address);
            if (https) {
                fakeServer.https(ca);
            }
            for (GeneratedFile file : files.values()) {
                fakeServer.host(filePath(spec.kind(), file.name()), file);
            }
            cdn = closing(fakeServer.start());
            server = cdn.address();
        } else {
            edge = startEdge(spec, clock, origin, ca, address);
            cdn = edge.cdn();
            server = cdn.address();
        }
        // The proxy listens on the server's own IP (FakeCdn falls back to 127.0.0.1 where 127/8 is not all
        // bindable), so the provider keeps one address; port 0 becomes a fixed port Toxiproxy remembers, so
        // disabling and enabling the proxy brings the same URLs back.
        String ip = server.getAddress().getHostAddress();
        ToxiproxyServer proxies = StartSteps.join(toxiproxy);
        proxies.proxies().create(new ProxyConfig(spec.name(), ip + ":0", ip + ":" + server.getPort(), true));
        InetSocketAddress listen = proxies.proxies().listenAddress(spec.name()).orElseThrow();
        names.register(spec.hostname(), listen.getAddress());
        Provider provider = new Provider(spec.name(), spec.hostname(), spec.kind(), spec.region(), spec.group(),
                spec.priority(), listen, https, spec.edgeOf(), spec.backend());
        return new Node(provider, cdn, edge, s3proxy, status);
    }

    /**
     * An edge whose fetches go to the origin's <em>proxy</em>, by address: the origin's toxics, HTTP faults and
     * certificate bite the edge's fills as they would a client's. Over HTTPS the edge trusts the topology's CA,
     * and the address matches the origin certificate's IP entry.
     */
    private EdgeCdn startEdge(ProviderSpec spec, Clock clock, Provider origin, TestCertificateAuthority ca,
                              InetAddress address) {
        InetSocketAddress at = origin.address();
        URI base = URI.create((https ? "https" : "http") + "://" + at.getAddress().getHostAddress() + ":" + at.getPort());
        EdgeCdn.Builder builder = EdgeCdn.builder(spec.hostname()).origin(base).clock(clock).storeIn(directory)
                .address(address.getHostAddress());
        if (https) {
            builder.https(ca).originClient(HttpClient.newBuilder().sslContext(ca.clientSslContext())
                    .proxy(HttpClient.Builder.NO_PROXY) // loopback only, whatever the environment says
                    .followRedirects(HttpClient.Redirect.NEVER) // a redirect is the origin's answer to pass on
                    .connectTimeout(EDGE_CONNECT_TIMEOUT)
                    .build());
        }
        return closing(builder.start());
    }

    private List<Mirror> mirrors(String file) {
        // Each mirror names its provider's status page, so a status-page.* fault reaches clients that read it.
        return nodes.values().stream().map(n -> new Mirror(n.provider().name(),
                n.provider().url(filePath(n.provider().kind(), file)), n.provider().priority(), n.provider().region(),
                n.provider().group()).withStatus(statusPages.base(n.status()))).toList();
    }

    private static String[] replicaNames(int count) {
        return Stream.iterate(0, i -> i + 1).limit(count).map(i -> "manifests-" + (char) ('a' + i) + ".test")
                .toArray(String[]::new);
    }

    static String filePath(ProviderKind kind, String file) {
        return kind == ProviderKind.OBJECT_STORE ? "/" + BUCKET + "/" + file : "/" + file;
    }

    static String manifestPath(String file) {
        return "/manifests/" + file + ".jws";
    }

    private static String displayName(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    // ---- what a client needs -------------------------------------------------------------------------------

    public long seed() {
        return seed;
    }

    public boolean isHttps() {
        return https;
    }

    /** The providers in the order they were declared (the manifest's mirror order). */
    public List<Provider> providers() {
        return nodes.values().stream().map(Node::provider).toList();
    }

    public Provider provider(String name) {
        return node(name).provider();
    }

    /** The generated file hosted under {@code name}: its size, SHA-256 and chunk hashes. */
    public GeneratedFile file(String name) {
        GeneratedFile file = files.get(name);
        if (file == null) {
            throw new NoSuchElementException("no file " + name + "; the topology hosts " + files.keySet());
        }
        return file;
    }

    public List<GeneratedFile> files() {
        return List.copyOf(files.values());
    }

    /** The signed manifest's URLs for {@code file}, one per replica in order: what a manifest fetcher takes. */
    public List<String> manifestUrls(String file) {
        file(file);
        return manifests.urls(manifestPath(file));
    }

    /** The client-facing URLs of {@code file} on every provider, as the manifest lists them. */
    public List<URI> mirrorUrls(String file) {
        file(file);
        return nodes.values().stream().map(Node::provider).map(p -> p.url(filePath(p.kind(), file))).toList();
    }

    /** The JWK Set file holding the manifest key's public half ({@code --trust}, {@code TrustStore.load}). */
    public Path trustStore() {
        return trustStore;
    }

    /** The test CA's certificate as PEM ({@code --ca-cert}, curl's {@code --cacert}, {@code HttpClients.trustOnly}). */
    public Path caCertificate() {
        return caCertificate;
    }

    /** The CA itself, for clients that take a trust manager. */
    public TestCertificateAuthority certificateAuthority() {
        return ca;
    }

    /** Every name the topology serves (providers, manifest replicas, status pages) and its true address. */
    public Map<String, InetAddress> resolve() {
        return names.asMap();
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
        manifests.replicas().forEach(r -> add.accept(r.cdn().curlResolve()));
        nodes.values().forEach(n -> add.accept(LoopbackDns.curlResolve(n.status().hostname(), statusPages.address())));
        return List.copyOf(args);
    }

    /** The provider's Statuspage API base as its manifests name it ({@code https://status.NAME.test:PORT}). */
    public URI statusBase(String provider) {
        return statusPages.base(status(provider));
    }

    /** {@code http://status.NAME.test:PORT/api/v2/status.json}: the provider's Statuspage status document. */
    public URI statusUrl(String provider) {
        return statusPages.url(status(provider), "status.json");
    }

    // ---- handles to break things ---------------------------------------------------------------------------

    /**
     * The provider's proxy, from the official Toxiproxy Java client: {@code toxics().timeout(...)},
     * {@code toxics().latency(...)}, {@code disable()} for down, {@code enable()} for up again.
     */
    public Proxy proxy(String provider) {
        node(provider);
        try {
            return toxiproxy().getProxy(provider);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proxy " + provider + " from " + toxiproxyUri(), e);
        }
    }

    /** The official Toxiproxy client, pointed at the embedded server (one proxy per provider, named after it). */
    public synchronized ToxiproxyClient toxiproxy() {
        if (toxiproxy == null) {
            toxiproxy = new ToxiproxyClient(toxiproxyServer.host(), toxiproxyServer.controlPort());
        }
        return toxiproxy;
    }

    /** The Toxiproxy control API, for any Toxiproxy client ({@code toxiproxy-cli -h HOST:PORT}). */
    public URI toxiproxyUri() {
        return toxiproxyServer.controlUri();
    }

    /**
     * The admin HTTP API for everything but network faults ({@link FaultAdminHandler} lists the routes): HTTP fault
     * rules, DNS faults, certificates, status pages and manifest replicas, as JSON.
     */
    public URI adminUri() {
        return admin.uri();
    }

    /** The {@code corrupt} toxic the Java client cannot create (an extension of the embedded server). */
    public CorruptToxics corruptToxics() {
        return CorruptToxics.at(toxiproxyServer);
    }

    /**
     * The provider server's HTTP-level faults (status codes, cuts, corrupt bytes, dribbles, redirects). In-process
     * servers only: an S3Proxy-backed provider throws {@link FaultNotApplicableException} naming what applies.
     */
    public Faults http(String provider) {
        return inProcessServer(provider, "HTTP faults (http)").faults();
    }

    /** The resolver every name goes through, with per-name faults (NXDOMAIN, SERVFAIL, empty, slow) and TTLs. */
    public FaultyResolver dns() {
        return resolver;
    }

    /**
     * Which certificate the provider's server presents. HTTPS topologies and in-process servers only: S3Proxy reads
     * its certificate once, at its start, so an S3Proxy-backed provider throws {@link FaultNotApplicableException}.
     */
    public CertificateSwitch tls(String provider) {
        if (!https) {
            throw new IllegalStateException("this topology serves plain HTTP; build it with https(true)");
        }
        return new CertificateSwitch(inProcessServer(provider, "certificate switches (tls)"));
    }

    /** The provider's status page, served by {@link #statusUrl}. */
    public StatusPage status(String provider) {
        return node(provider).status();
    }

    /** The manifest replicas: per-replica faults (refused, 503, expired, rollback, bad signature, ...), publish. */
    public ManifestService manifests() {
        return manifests;
    }

    public List<ManifestReplica> manifestReplicas() {
        return manifests.replicas();
    }

    /**
     * The edge cache of a provider declared with {@link ProviderSpec#edgeOf}: {@code flush()} for cold caches,
     * {@code stats()} for hits, misses and stale serves. Its origin's traffic is {@code server(origin).stats()}.
     */
    public EdgeCdn edge(String provider) {
        Node node = node(provider);
        if (node.edge() == null) {
            throw new IllegalArgumentException("provider " + provider + " is not an edge cache; edges here: "
                    + nodes.values().stream().filter(n -> n.edge() != null).map(n -> n.provider().name()).toList());
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
        Node node = node(provider);
        if (node.s3proxy() == null) {
            throw new IllegalArgumentException("provider " + provider + " is served in-process, not by S3Proxy; "
                    + "S3Proxy-backed here: " + nodes.values().stream().filter(n -> n.s3proxy() != null)
                    .map(n -> n.provider().name()).toList());
        }
        return node.s3proxy();
    }

    /**
     * The provider's in-process server, for a {@code handle} that needs one. An S3Proxy process is not ours to
     * script, so asking is an error that says which faults do reach the provider, never a silent no-op.
     */
    private FakeCdn inProcessServer(String provider, String handle) {
        Node node = node(provider);
        if (node.cdn() == null) {
            String host = node.provider().hostname();
            throw new FaultNotApplicableException(("provider %s is served by an S3Proxy process (backend S3PROXY), "
                    + "not by an in-process fake server, so %s cannot reach it. What applies to it: its proxy "
                    + "(proxy(\"%s\"): toxics, disable/enable, corrupt), DNS faults on %s (dns()), its status page "
                    + "(status(\"%s\")) and manifest faults; for %s on an object store, keep its backend IN_PROCESS")
                    .formatted(provider, handle, provider, host, provider, handle));
        }
        return node.cdn();
    }

    private Node node(String provider) {
        Node node = nodes.get(provider);
        if (node == null) {
            throw new NoSuchElementException("no provider " + provider + "; the topology has " + nodes.keySet());
        }
        return node;
    }

    /** Stops every server and proxy (open connections drop), releases their ports and threads, deletes the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resolver.clearFaults(); // releases lookups a slow DNS fault holds
        RuntimeException failure = closeAll(closers);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Topology[" + nodes.keySet() + ", files " + files.keySet() + ", seed " + seed + "]";
    }

    /** Describes a {@link Topology}; {@link #start()} brings it up. */
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

        private Builder() {
        }

        /** The admin HTTP API's port on 127.0.0.1 (default 0: the OS picks). */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("adminPort: expected 0 to 65535, was " + port);
            }
            this.adminPort = port;
            return this;
        }

        /**
         * The Toxiproxy control API's port on 127.0.0.1 (default 0: the OS picks). 8474, Toxiproxy's own, lets
         * {@code toxiproxy-cli} and other clients find it without being told; tests keep the default.
         */
        public Builder toxiproxyPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("toxiproxyPort: expected 0 to 65535, was " + port);
            }
            this.toxiproxyPort = port;
            return this;
        }

        /** Seeds the file bytes and the proxy's toxicity draws, so a run can be replayed (default 1). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** HTTPS from the topology's test CA (default), or plain HTTP. */
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
                throw new IllegalArgumentException("provider " + name + " is declared twice");
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

        private Builder file(FileSpec spec) {
            if (files.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("file " + spec.name() + " is declared twice");
            }
            return this;
        }

        /** How many manifest replicas ({@code manifests-a.test}, {@code manifests-b.test}, ...; default 2). */
        public Builder manifestReplicas(int count) {
            if (count < 1 || count > 26) {
                throw new IllegalArgumentException("manifestReplicas: expected 1 to 26, was " + count);
            }
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
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("manifestTtl: expected a positive duration, was " + value);
            }
            this.manifestTtl = value;
            return this;
        }

        /**
         * Starts everything. With no file declared, hosts {@code video.mp4} of 8 MiB. On failure, whatever had
         * started is closed again before the exception leaves.
         */
        public Topology start() {
            if (providers.isEmpty()) {
                throw new IllegalStateException("a topology needs at least one provider");
            }
            if (files.isEmpty()) {
                file("video.mp4", DEFAULT_FILE_SIZE);
            }
            checkNamesAreDistinct();
            checkBackends();
            checkEdges();
            return Topology.start(this);
        }

        /** S3Proxy is an object store: as a CDN or origin it would serve /BUCKET/FILE where clients ask for /FILE. */
        private void checkBackends() {
            for (ProviderSpec spec : providers.values()) {
                if (spec.backend() == ProviderBackend.S3PROXY && spec.kind() != ProviderKind.OBJECT_STORE) {
                    throw new IllegalArgumentException("provider " + spec.name() + " has backend S3PROXY, which "
                            + "serves object stores only, but its kind is " + spec.kind() + "; give it kind("
                            + "ProviderKind.OBJECT_STORE), or keep its backend IN_PROCESS");
                }
            }
        }

        /**
         * An edge asks its origin for the very path it was asked, so neither may be an object store (whose paths
         * carry a bucket); and an edge's origin serves its own files, so edges do not chain.
         */
        private void checkEdges() {
            for (ProviderSpec spec : providers.values()) {
                String origin = spec.edgeOf();
                if (origin == null) {
                    continue;
                }
                ProviderSpec target = providers.get(origin);
                String problem = target == null ? "which is not declared; providers: " + providers.keySet()
                        : target == spec ? "itself"
                        : target.edgeOf() != null ? "which is itself an edge (of " + target.edgeOf() + ")"
                        : target.kind() == ProviderKind.OBJECT_STORE || spec.kind() == ProviderKind.OBJECT_STORE
                        ? "but edges and their origins serve /FILE paths, and object stores /BUCKET/FILE" : null;
                if (problem != null) {
                    throw new IllegalArgumentException("provider " + spec.name() + " is an edge of " + origin + ", "
                            + problem);
                }
            }
        }

        /** One name, one address: two servers under one name would make every fault ambiguous. */
        private void checkNamesAreDistinct() {
            Map<String, String> owners = new LinkedHashMap<>();
            for (String replica : replicaNames(manifestReplicas)) {
                owners.put(replica, "manifest replica " + replica);
            }
            for (ProviderSpec spec : providers.values()) {
                for (String name : List.of(spec.hostname(), "status." + spec.hostname())) {
                    String other = owners.putIfAbsent(name, "provider " + spec.name());
                    if (other != null) {
                        throw new IllegalArgumentException("host name " + name + " would belong to both " + other
                                + " and provider " + spec.name());
                    }
                }
            }
        }
    }

    private static Topology start(Builder builder) {
        // The constructor pushes each part here as it starts: when a later part fails, the half-built
        // topology is unreachable, but what it started can still be closed.
        Deque<AutoCloseable> closers = new ConcurrentLinkedDeque<>();
        try {
            try (StartSteps steps = new StartSteps()) {
                return new Topology(builder, closers, steps);
            } // closing the steps waits for every one: nothing is still starting when the cleanup below runs
        } catch (IOException | RuntimeException | Error e) {
            // Errors too: StartSteps.join rethrows a step's Error as it is (a class that failed to load, say), and
            // the parts started beside that step are running all the same.
            RuntimeException failure = closeAll(closers);
            if (failure != null) {
                e.addSuppressed(failure);
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot start the topology", io)
                    : (RuntimeException) e;
        }
    }

    /** Closes each part even when one fails; returns the failure, if any. */
    private static RuntimeException closeAll(Deque<AutoCloseable> closers) {
        RuntimeException failure = null;
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the topology failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
