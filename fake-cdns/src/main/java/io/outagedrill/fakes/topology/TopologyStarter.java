package io.outagedrill.fakes.topology;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.OwnedFolders;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.dns.FaultyResolver;
import io.outagedrill.fakes.edge.EdgeCdn;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.Manifests;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.network.ToxiproxyApiNetworkFaults;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;

/**
 * Turns a {@link TopologySpec} into running parts, side by side: each part starts as soon as what it uses is up
 * ({@link StartSteps}). The CA, the Toxiproxy server, the files' hashes and the status pages need nothing of each
 * other; HTTPS servers wait for the CA, proxies for the Toxiproxy server, edges for their origins. If any part
 * fails to start, every part already started is closed before the failure leaves.
 */
final class TopologyStarter {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyStarter.class);
    /** An edge's wait for its origin's TCP handshake: a blackholed origin proxy should not hold a fill long. */
    private static final Duration EDGE_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final TopologySpec spec;
    private final Closers closers;
    private final StartSteps steps;
    private final AddressAllocator.Addresses addresses;
    private final Path directory;
    private final Map<String, ServedFile> files = new LinkedHashMap<>();
    private final LoopbackDns names = new LoopbackDns();
    /** Real servers and their fault proxy instead of the in-process ones; null for an all in-process world. */
    private final ExternalServers external;

    private TopologyStarter(TopologySpec spec, Closers closers, StartSteps steps, AddressAllocator addresses,
                            ExternalServers external) throws IOException {
        this.spec = spec;
        this.external = external;
        this.closers = closers;
        this.steps = steps;
        this.addresses = addresses.allocate(spec);
        // Named after this JVM and deleted at its exit if never closed: a Ctrl-C while the world starts (before
        // anything can close it) would otherwise leave its CA and keys behind.
        this.directory = OwnedFolders.TOPOLOGY.create();
        closers.add(() -> OwnedFolders.TOPOLOGY.delete(directory));
        for (FileSpec file : spec.files()) {
            files.put(file.name(), served(file, spec.seed()));
        }
    }

    /** A generated file, or the publisher's file hashed now, before anything serves it. */
    private static ServedFile served(FileSpec file, long topologySeed) {
        if (file.onDisk().isEmpty()) {
            return GeneratedFile.of(file.name(), file.size(), file.seed().orElse(topologySeed));
        }
        Path path = file.onDisk().get();
        try {
            return FileOnDisk.publish(path, file.name(), file.chunkSize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts everything {@code spec} declares, then the admin API over the finished topology; with {@code
     * external} (may be null), the providers' servers and their fault proxy are its real servers.
     */
    static Topology start(TopologySpec spec, AddressAllocator addresses, ExternalServers external) {
        long started = System.nanoTime();
        Closers closers = new Closers();
        if (external != null) {
            closers.add(external::close); // first in, so closed last: after every part that talks to its servers
        }
        try {
            if (external != null) {
                InvalidTopologyException.require(mixedSchemes(spec, external));
            }
            RunningParts parts;
            try (StartSteps steps = new StartSteps()) {
                parts = new TopologyStarter(spec, closers, steps, addresses, external).startParts();
            } // closing the steps waits for every one: nothing is still starting when a cleanup below runs
            // Last: the admin API serves handles to everything above.
            Topology world = new Topology(parts, topology -> closers.add(FaultAdminServer.start(topology,
                    new InetSocketAddress(LoopbackAddresses.localhost(), spec.adminPort()))));
            LOG.info("topology up in {} ms: {} providers{} behind proxies on {}, {} manifest replicas, admin API on "
                            + "{}, seed {}", (System.nanoTime() - started) / 1_000_000, parts.providers().size(),
                    external == null ? "" : " (" + external.describe() + ")", parts.links().controlUri(),
                    spec.manifestReplicas(), world.adminUri(), spec.seed());
            return world;
        } catch (IOException | RuntimeException | Error e) {
            // Errors too: StartSteps.join rethrows a step's Error as it is (a class that failed to load, say), and
            // the parts started beside that step are running all the same.
            RuntimeException failure = closers.closeAll();
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

    /**
     * Why real servers cannot serve the providers' schemes: they serve one for every provider (a Varnish edge fills
     * over its own scheme, so an HTTPS edge of a plain-HTTP origin would fail every fill). Empty when they can.
     */
    private static Optional<String> mixedSchemes(TopologySpec spec, ExternalServers external) {
        List<String> plain = spec.providers().stream().filter(p -> !p.https()).map(ProviderSettings::name).toList();
        if (plain.isEmpty() || plain.size() == spec.providers().size()) {
            return Optional.empty();
        }
        return Optional.of(("providers %s serve plain HTTP and the others HTTPS, but the real servers (%s) serve one "
                + "scheme for every provider; give every provider the same https").formatted(plain,
                external.describe()));
    }

    private RunningParts startParts() {
        Path caCertificate = directory.resolve("ca.pem");
        Path trustStore = directory.resolve("keys.jwks");
        CompletableFuture<TestCertificateAuthority> authority = steps.start(() -> {
            TestCertificateAuthority made = TestCertificateAuthority.create(spec.clock());
            try {
                made.writePem(caCertificate);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the CA certificate " + caCertificate, e);
            }
            return made;
        });
        CompletableFuture<Links> proxies = steps.start(() -> external != null
                ? new Links.Remote(ToxiproxyApiNetworkFaults.at(external.startFaultProxy(spec.seed())))
                : new Links.Embedded(closers.add(ToxiproxyServer.start(
                        new InetSocketAddress(LoopbackAddresses.localhost(), spec.toxiproxyPort()), spec.seed()))));
        // Each HTTPS part waits for the CA; a plain-HTTP provider or control side starts without it.
        List<CompletableFuture<?>> certified = List.of(authority);
        List<CompletableFuture<?>> control = spec.https() ? certified : List.of();
        CompletableFuture<?> digests = CompletableFuture.allOf(spec.files().stream()
                .map(f -> steps.start(() -> files.get(f.name()).chunkHashes(f.chunkSize())))
                .toArray(CompletableFuture[]::new));

        Map<String, StatusPage> pages = new LinkedHashMap<>();
        for (ProviderSettings provider : spec.providers()) {
            pages.put(provider.name(), new StatusPage(provider.statusHostname(), displayName(provider.name()),
                    spec.clock()));
        }
        // Origins before the edges that fetch through their proxies.
        Map<String, CompletableFuture<ProviderNode>> providers = new LinkedHashMap<>();
        for (ProviderSettings provider : spec.providers()) {
            if (!provider.isEdge()) {
                providers.put(provider.name(), steps.after(provider.https() ? certified : List.of(),
                        () -> startProvider(provider, null, provider.https() ? authority.join() : null, proxies,
                                pages.get(provider.name()))));
            }
        }
        for (ProviderSettings provider : spec.providers()) {
            if (provider.isEdge()) {
                // An edge needs the CA to serve HTTPS itself, or to trust an HTTPS origin it fills from.
                CompletableFuture<ProviderNode> origin = providers.get(provider.edgeOf());
                boolean needsCa = provider.https() || spec.provider(provider.edgeOf()).orElseThrow().https();
                providers.put(provider.name(), steps.after(needsCa ? List.of(origin, authority) : List.of(origin),
                        () -> startProvider(provider, origin.join().provider(), needsCa ? authority.join() : null,
                                proxies, pages.get(provider.name()))));
            }
        }
        CompletableFuture<StatusPageServer> statusServer = steps.after(control, () -> {
            StatusPageServer.Builder server = StatusPageServer.builder().dns(names).address(addresses.statusPages());
            pages.values().forEach(server::page);
            if (spec.https()) {
                server.https(authority.join()); // manifests name the pages, under the same https rule as mirrors
            }
            return closers.add(server.start());
        });
        // The replicas take the next addresses when they bind, after every address the allocator handed out.
        ManifestService.Builder service = ManifestService.builder().clock(spec.clock()).dns(names)
                .replicas(spec.replicaNames().toArray(String[]::new));
        CompletableFuture<ManifestService> manifestService = steps.after(control, () -> {
            ManifestService up = closers.add((spec.https() ? service.https(authority.join()) : service).start());
            up.writeTrustStore(trustStore);
            return up;
        });

        TestCertificateAuthority ca = StartSteps.join(authority);
        Links links = StartSteps.join(proxies);
        Map<String, ProviderNode> nodes = new LinkedHashMap<>();
        for (ProviderSettings provider : spec.providers()) {
            nodes.put(provider.name(), StartSteps.join(providers.get(provider.name())));
        }
        StatusPageServer statusPages = StartSteps.join(statusServer);
        ManifestService manifests = StartSteps.join(manifestService);
        StartSteps.join(digests); // before publishing, which would otherwise hash the files a second time
        for (FileSpec file : spec.files()) {
            manifests.publish(ContentPaths.manifestPath(file.name()), Manifests.forContent(files.get(file.name()),
                    file.chunkSize(), mirrors(nodes.values(), statusPages, file.name()),
                    spec.clock().instant().plus(spec.manifestTtl()), 1));
        }
        return new RunningParts(spec, nodes, files, names, new FaultyResolver(names, spec.clock()), ca, caCertificate,
                trustStore, links, manifests, statusPages, closers, external);
    }

    /**
     * The provider's server on its own address and a hidden port, then, once the Toxiproxy server is up, its proxy
     * on the client-facing port. With an {@code origin}, the server is an edge cache that hosts nothing and fills
     * itself from the origin; for an {@link ProviderBackend#S3PROXY} provider it is an S3Proxy process holding the
     * files (seconds to start, which its own start thread spends beside the others). Runs on a start thread: it
     * reads only final fields set before the steps began, and its parameters. {@code ca} is null for a provider
     * that needs no certificate (plain HTTP, and for an edge, an origin over plain HTTP too).
     */
    private ProviderNode startProvider(ProviderSettings spec, Provider origin, TestCertificateAuthority ca,
                                       CompletableFuture<Links> toxiproxy, StatusPage status) {
        InetAddress address = addresses.provider(spec.name());
        TestCertificateAuthority serving = spec.https() ? ca : null; // what issues its own certificate, if any
        EdgeCdn edge = null;
        FakeCdn cdn = null;
        S3ProxyProcess s3proxy = null;
        InetSocketAddress server;
        if (external != null) {
            InetAddress bindable = LoopbackAddresses.bindableOr127(address);
            Map<String, ServedFile> byPath = new LinkedHashMap<>();
            files.values().forEach(f -> byPath.put(ContentPaths.filePath(spec.kind(), f.name()), f));
            server = external.startServer(new ServerOrder(spec.name(), spec.hostname(), spec.kind(), spec.backend(),
                    bindable, byPath, Optional.ofNullable(serving).map(a -> a.issue(spec.hostname(),
                            bindable.getHostAddress())), Optional.ofNullable(origin).map(o ->
                            new ServerOrder.Origin(o.name(), o.hostname(), o.address()))));
        } else if (spec.backend() == ProviderBackend.S3PROXY) {
            s3proxy = closers.add(S3ProxyBackend.start(spec.hostname(), serving, files.values(), address));
            server = s3proxy.address();
        } else if (origin == null) {
            FakeCdn.Builder fakeServer = FakeCdn.builder(spec.hostname()).address(address);
            if (serving != null) {
                fakeServer.https(serving);
            }
            for (ServedFile file : files.values()) {
                fakeServer.host(ContentPaths.filePath(spec.kind(), file.name()), file);
            }
            cdn = closers.add(fakeServer.start());
            server = cdn.address();
        } else {
            edge = startEdge(spec, origin, ca, address);
            cdn = edge.cdn();
            server = cdn.address();
        }
        // The proxy listens on the server's own IP (FakeCdn falls back to 127.0.0.1 where 127/8 is not all
        // bindable), so the provider keeps one address.
        InetSocketAddress listen = StartSteps.join(toxiproxy).create(spec.name(),
                server.getAddress().getHostAddress(), server);
        names.register(spec.hostname(), listen.getAddress());
        Provider provider = new Provider(spec.name(), spec.hostname(), spec.kind(), spec.region(), spec.group(),
                spec.priority(), listen, spec.https(), spec.edgeOf(), spec.backend());
        return new ProviderNode(provider, cdn, edge, s3proxy, status);
    }

    /**
     * An edge whose fetches go to the origin's <em>proxy</em>, by address: the origin's toxics, HTTP faults and
     * certificate bite the edge's fills as they would a client's. It fills over the origin's scheme and serves over
     * its own, which may differ; filling over HTTPS, the edge trusts the topology's CA, and the address matches the
     * origin certificate's IP entry.
     */
    private EdgeCdn startEdge(ProviderSettings spec, Provider origin, TestCertificateAuthority ca, InetAddress address) {
        InetSocketAddress at = origin.address();
        URI base = URI.create((origin.https() ? "https" : "http") + "://" + at.getAddress().getHostAddress() + ":"
                + at.getPort());
        EdgeCdn.Builder builder = EdgeCdn.builder(spec.hostname()).origin(base).clock(this.spec.clock())
                .storeIn(directory).address(address.getHostAddress());
        if (spec.https()) {
            builder.https(ca);
        }
        if (origin.https()) {
            builder.originClient(HttpClient.newBuilder().sslContext(ca.clientSslContext())
                    .proxy(HttpClient.Builder.NO_PROXY) // loopback only, whatever the environment says
                    .followRedirects(HttpClient.Redirect.NEVER) // a redirect is the origin's answer to pass on
                    .connectTimeout(EDGE_CONNECT_TIMEOUT)
                    .build());
        }
        return closers.add(builder.start());
    }

    /** Each mirror names its provider's status page, so a status-page.* fault reaches clients that read it. */
    private static List<Mirror> mirrors(Iterable<ProviderNode> nodes, StatusPageServer statusPages, String file) {
        List<Mirror> mirrors = new ArrayList<>();
        for (ProviderNode node : nodes) {
            Provider p = node.provider();
            mirrors.add(new Mirror(p.name(), p.url(ContentPaths.filePath(p.kind(), file)), p.priority(), p.region(),
                    p.group()).withStatus(statusPages.base(node.status())));
        }
        return mirrors;
    }

    private static String displayName(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
