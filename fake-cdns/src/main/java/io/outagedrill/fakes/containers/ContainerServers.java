package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.OwnedFolders;
import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.tls.ServerCredentials;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.ExternalServers;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.ServerOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A world's providers as real servers in containers ({@link ExternalServers}): each provider an nginx serving the
 * world's files at the paths the manifest names (generated files from a staged copy, a publisher's own file
 * bind-mounted read-only from where it lies) (HTTPS with the certificate the world's CA issued for it,
 * or plain HTTP), or S3Proxy holding them in its bucket where the provider asks for it ({@link
 * ProviderBackend#S3PROXY}), and in front of all of them one container of the project's own fault proxy ({@code drill
 * toxiproxy}), whose links the world creates and breaks over Toxiproxy's HTTP API. Every container is on host
 * networking, on the loopback address the world gave the provider, and labelled for {@link ContainerJanitor}.
 *
 * <p>An edge cache of an origin ({@code edgeOf}) is a Varnish container that fills through the origin's link, so the
 * origin's network faults bite its fills, and serves HTTPS through the image's nginx front; {@code cache.flush} is
 * an HTTP {@code BAN} of everything. A provider named in {@code varnishFronted} is a Varnish edge too, in front of a
 * private nginx origin of its own on the same address: Varnish's fault switch then acts out the HTTP faults the
 * timeline gives that provider ({@link VarnishFaultRule}), as a real CDN's edge answers them.
 *
 * <p>A provider named in {@code ownCopies} is an nginx serving its own copy of the files from the host, not the
 * copy the others share, so that {@code http.corrupt-bytes} can give it bad bytes on disk ({@link
 * CorruptibleCopies}): a mirror that lies silently, with the ETag and Last-Modified of the good file.
 */
public final class ContainerServers implements ExternalServers {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerServers.class);
    private static final List<String> IMAGES = List.of(LocalImages.NGINX.asCanonicalNameString(),
            LocalImages.VARNISH.asCanonicalNameString(), LocalImages.S3PROXY.asCanonicalNameString(),
            LocalImages.FAULT_PROXY.asCanonicalNameString());
    /**
     * How long an edge's copy is fresh. Short, so that within a scenario's few seconds an origin outage is hidden
     * by serving copies past their TTL (grace, stale-if-error: the edge's counters show them as stale hits), not
     * merely by copies that happen to be fresh.
     */
    static final String EDGE_TTL = "1s";

    private static final HttpClient PLAIN = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final Path work;
    private final StagedFiles files;
    private final Set<String> varnishFronted;
    private final Set<String> ownCopies;
    private final CorruptibleCopies corruptible = new CorruptibleCopies();
    private final Deque<GenericContainer<?>> started = new ConcurrentLinkedDeque<>();
    private final Map<String, VarnishEdge> edges = new ConcurrentHashMap<>();
    private final Map<String, EdgeCounters> countersAtClose = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ContainerServers(Path work, Set<String> varnishFronted, Set<String> ownCopies) {
        this.work = work;
        this.files = new StagedFiles(work);
        this.varnishFronted = Set.copyOf(varnishFronted);
        this.ownCopies = Set.copyOf(ownCopies);
    }

    /**
     * Why a containers world cannot start here (no engine, an image missing, or built from other sources than this
     * checkout's), in one line that says how to get what is missing; empty when it can.
     */
    public static Optional<String> unavailableReason() {
        Optional<String> engine = ContainerEngine.unavailableReason();
        if (engine.isPresent()) {
            return Optional.of(engine.get() + "; " + ContainerEngine.remedy(engine.get()));
        }
        List<String> missing = IMAGES.stream().filter(image -> !ContainerEngine.hasImage(image)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("the Docker engine lacks " + String.join(", ", missing) + "; "
                    + LocalImages.HOW_TO_PREPARE);
        }
        // An image built from older sources would be run as if it were this code, and pass or fail for it.
        return ImageSources.staleAmong(IMAGES);
    }

    /** A farm with nothing started yet; throws {@link IllegalStateException} with {@link #unavailableReason()}. */
    public static ContainerServers create() {
        return create(Set.of());
    }

    /**
     * As {@link #create()}, the providers named in {@code varnishFronted} played by a Varnish edge in front of a
     * private nginx origin, so that Varnish acts out their HTTP faults.
     */
    public static ContainerServers create(Set<String> varnishFronted) {
        return create(varnishFronted, Set.of());
    }

    /**
     * As {@link #create(Set)}, the nginx providers named in {@code ownCopies} serving a copy of the files of their
     * own, whose bytes {@code http.corrupt-bytes} changes ({@link #addHttpFault}).
     */
    public static ContainerServers create(Set<String> varnishFronted, Set<String> ownCopies) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("containers world unavailable: " + reason);
        });
        try {
            Path work = OwnedFolders.CONTAINERS.create();
            // Bind-mounted into the containers, whose servers run as other users (nginx's workers: www-data).
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new ContainerServers(work, varnishFronted, ownCopies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a work directory for the containers world", e);
        }
    }

    @Override
    public URI startFaultProxy(long seed) {
        InetSocketAddress control = LoopbackContainers.freeAddress(InetAddress.getLoopbackAddress());
        GenericContainer<?> proxy = LoopbackContainers.faultProxy(control, seed);
        start(proxy);
        return LoopbackContainers.url(control, "");
    }

    @Override
    public InetSocketAddress startServer(ServerOrder order) {
        InetSocketAddress listen = LoopbackContainers.freeAddress(order.address());
        if (order.origin().isPresent()) {
            return startEdge(order, listen, order.origin().get().link(), order.origin().map(origin ->
                    order.tls().map(tls -> new LoopbackContainers.OriginTls(
                            PemFiles.writeCaCertificate(tls, work, order.provider()), origin.hostname()))).get());
        }
        if (order.backend() == ProviderBackend.S3PROXY) {
            return startS3Proxy(order, listen);
        }
        if (varnishFronted.contains(order.provider())) {
            // Its private origin: plain HTTP on the provider's own address, reached by nothing but its edge.
            InetSocketAddress origin = LoopbackContainers.freeAddress(order.address());
            start(LoopbackContainers.nginxServing(origin, files.layout(order.files()), Optional.empty(), PLAIN));
            return startEdge(order, listen, origin, Optional.empty());
        }
        Optional<PemFiles> pem = order.tls().map(tls -> PemFiles.write(tls, work, order.provider()));
        HttpClient client = order.tls().map(ContainerServers::trusting).orElse(PLAIN);
        GenericContainer<?> nginx = LoopbackContainers.nginxServing(listen, layoutFor(order), pem, client);
        start(nginx);
        return listen;
    }

    /** The files an nginx provider serves: its own copy when it may lie, else the copy the others share too. */
    private StagedLayout layoutFor(ServerOrder order) {
        if (!ownCopies.contains(order.provider())) {
            return files.layout(order.files());
        }
        StagedFiles.OwnCopy copy = files.ownLayout(order.provider(), order.files());
        corruptible.register(order.provider(), copy.byPath());
        return new StagedLayout(copy.root(), Map.of());
    }

    /** A Varnish edge on {@code listen}, serving what it fetches from {@code origin}. */
    private InetSocketAddress startEdge(ServerOrder order, InetSocketAddress listen, InetSocketAddress origin,
                                        Optional<LoopbackContainers.OriginTls> originTls) {
        Optional<PemFiles> pem = order.tls().map(tls -> PemFiles.write(tls, work, order.provider()));
        HttpClient client = order.tls().map(ContainerServers::trusting).orElse(PLAIN);
        GenericContainer<?> varnish = LoopbackContainers.varnishServing(listen, origin, EDGE_TTL, pem, originTls,
                client);
        start(varnish);
        String scheme = order.tls().isPresent() ? "https://" : "http://";
        edges.put(order.provider(), new VarnishEdge(order.provider(), varnish,
                URI.create(scheme + LoopbackContainers.hostPort(listen)), client));
        return listen;
    }

    @Override
    public void flushCache(String provider) {
        edge(provider, "cache.flush").flush();
    }

    @Override
    public Runnable addHttpFault(String provider, FaultRule rule, Scope scope) {
        if (rule instanceof FaultRule.CorruptBytes corrupt && !edges.containsKey(provider)) {
            return corruptible.corrupt(provider, corrupt, scope);
        }
        return edge(provider, rule.toString()).add(VarnishFaultRule.of(rule, scope));
    }

    /** The provider's edge's counters now; throws when it is not a Varnish edge. */
    public EdgeCounters edgeCounters(String provider) {
        return edge(provider, "edge counters").counters();
    }

    /**
     * Each Varnish edge's counters as read just before {@link #close()} stopped it (a run's whole traffic), by
     * provider; empty before the close.
     */
    public Map<String, EdgeCounters> countersAtClose() {
        return Map.copyOf(countersAtClose);
    }

    private VarnishEdge edge(String provider, String what) {
        VarnishEdge edge = edges.get(provider);
        if (edge == null) {
            throw new FaultNotApplicableException("provider " + provider + " is an nginx or S3Proxy server in a "
                    + "container, not a Varnish edge, so " + what + " cannot be acted out on it; Varnish edges "
                    + "here: " + new TreeSet<>(edges.keySet()));
        }
        return edge;
    }

    /**
     * S3Proxy with the world's files put into the bucket of their paths ({@code /outage-drill/video.mp4}) with S3's
     * PUT, over HTTPS with a PKCS#12 key store of the provider's credentials when the world serves HTTPS.
     */
    private InetSocketAddress startS3Proxy(ServerOrder order, InetSocketAddress listen) {
        Optional<Path> keyStore = order.tls().map(tls -> {
            Path file = tls.writePkcs12(work.resolve(order.provider() + "-keystore.p12"));
            try {
                // Read by S3Proxy's JVM in the container; the key is a throwaway of this run's test CA.
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + file + " readable", e);
            }
            return file;
        });
        HttpClient client = order.tls().map(ContainerServers::trusting).orElse(PLAIN);
        Set<String> buckets = new TreeSet<>();
        order.files().keySet().forEach(path -> buckets.add(bucketOf(order, path)));
        start(LoopbackContainers.s3proxyServing(listen, keyStore, ServerCredentials.PASSWORD, client,
                buckets.toArray(String[]::new)));
        String scheme = order.tls().isPresent() ? "https://" : "http://";
        order.files().forEach((path, file) -> put(client, URI.create(scheme + LoopbackContainers.hostPort(listen)
                + path), switch (file) {
                    case GeneratedFile generated -> files.bytesOf(generated);
                    // Streamed from where it lies, as it is now: S3Proxy keeps its own copy in its store, so a
                    // change to the file after this PUT is not served by this provider.
                    case FileOnDisk users -> users.path();
                }));
        return listen;
    }

    private static String bucketOf(ServerOrder order, String path) {
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            throw new IllegalArgumentException("provider " + order.provider() + " serves " + path + ", which has "
                    + "no bucket; S3Proxy serves /BUCKET/KEY (object-store providers)");
        }
        return path.substring(1, slash);
    }

    private static void put(HttpClient client, URI url, Path bytes) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2))
                    .PUT(HttpRequest.BodyPublishers.ofFile(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("S3Proxy answered PUT " + url + " with " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot PUT " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting " + url, e);
        }
    }

    @Override
    public String describe() {
        return "nginx, Varnish and S3Proxy in containers, behind the fault proxy in a container";
    }

    /** Stops and removes every container started here (newest first), then deletes the staged files. */
    @Override
    public void close() {
        closed = true;
        edges.forEach((provider, edge) -> {
            try {
                EdgeCounters counters = edge.counters();
                countersAtClose.put(provider, counters);
                LOG.info("edge {} (Varnish): {}", provider, counters.describe());
            } catch (RuntimeException e) {
                LOG.warn("cannot read the counters of the edge {} before stopping it", provider, e);
            }
        });
        edges.clear();
        RuntimeException failure = null;
        GenericContainer<?> container;
        while ((container = started.pollFirst()) != null) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        OwnedFolders.CONTAINERS.deleteQuietly(work);
        if (failure != null) {
            throw new IllegalStateException("stopping a container failed (the janitor removes it by label)",
                    failure);
        }
    }

    private void start(GenericContainer<?> container) {
        if (closed) {
            throw new IllegalStateException("the containers world is closed");
        }
        started.push(container); // before start: a container that fails its wait is still stopped by close()
        container.start();
    }

    /** A client for the readiness check that trusts the CA at the end of the server's chain, and only it. */
    private static HttpClient trusting(ServerCredentials tls) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", tls.chain().getLast());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(Duration.ofSeconds(1)).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client trusting the world's CA", e);
        }
    }
}
