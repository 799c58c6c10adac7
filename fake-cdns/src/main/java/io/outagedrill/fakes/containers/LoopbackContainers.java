package io.outagedrill.fakes.containers;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The project's images as Testcontainers containers on host networking, each server on the loopback address and
 * port given (a 127.x.y.z address of its own, as the embedded world gives each provider), labelled for
 * {@link ContainerJanitor}, with a readiness wait on that address.
 */
public final class LoopbackContainers {
    private LoopbackContainers() {
    }

    /** The embedded fault proxy ({@code drill toxiproxy}) with its control API on {@code control}. */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> faultProxy(InetSocketAddress control) {
        return faultProxy(control, "--host", control.getAddress().getHostAddress(), "--port",
                Integer.toString(control.getPort()));
    }

    /** As {@link #faultProxy(InetSocketAddress)}, its toxicity draws seeded with {@code seed}. */
    public static GenericContainer<?> faultProxy(InetSocketAddress control, long seed) {
        return faultProxy(control, "--host", control.getAddress().getHostAddress(), "--port",
                Integer.toString(control.getPort()), "--seed", Long.toString(seed));
    }

    @SuppressWarnings("resource") // the caller owns and stops it
    private static GenericContainer<?> faultProxy(InetSocketAddress control, String... command) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.FAULT_PROXY).withNetworkMode("host")
                .withCommand(command)
                .waitingFor(new LoopbackHttpWait(url(control, "/version"), 200));
        return ContainerJanitor.adopt(container, "fault-proxy");
    }

    /**
     * nginx serving a copy of {@code files} as an origin on {@code listen}. Copied in through the engine's API
     * rather than bind-mounted: Testcontainers checks a bind mount with a helper image (alpine) that no registry
     * here can give. The files must be world-readable (nginx's workers run as www-data).
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> nginxOrigin(InetSocketAddress listen, Path files) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.NGINX).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen))
                .withCopyToContainer(MountableFile.forHostPath(files), "/srv/files")
                .waitingFor(new LoopbackHttpWait(url(listen, "/healthz"), 200));
        return ContainerJanitor.adopt(container, "nginx");
    }

    /**
     * nginx serving {@code files} as an origin on {@code listen}, over HTTPS with {@code tls} (a chain and key in
     * PEM) when given: a world's server. The files and the TLS files are bind-mounted read-only, not copied: a
     * world serves tens of MiB from each of several servers, which a copy through the engine's API pays for in
     * seconds per server. The mounts go straight into the engine's create command, past Testcontainers' own bind
     * API, which checks mounts with a helper image (alpine) no registry here gives; the engine must see this
     * machine's files, which host networking on the loopback implies anyway. Each user's file of the layout is
     * mounted read-only onto its placeholder, as a structured mount (its path may hold a ':' that the
     * {@code SRC:DST:ro} form of a bind would split at); the engine mounts the layout's directory first (it
     * orders mounts by the depth of their target). Ready once {@code /healthz} answers to {@code client} (which
     * must trust the chain's CA for HTTPS).
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    static GenericContainer<?> nginxServing(InetSocketAddress listen, StagedLayout files, Optional<PemFiles> tls,
                                            HttpClient client) {
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(files.root().toAbsolutePath().toString(), new Volume(FILES_DIR), AccessMode.ro));
        List<Mount> userFiles = new ArrayList<>();
        files.userFiles().forEach((path, source) -> userFiles.add(new Mount().withType(MountType.BIND)
                .withSource(source.toString()).withTarget(FILES_DIR + path).withReadOnly(true)));
        GenericContainer<?> container = new GenericContainer<>(LocalImages.NGINX).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen));
        if (tls.isPresent()) {
            binds.add(new Bind(tls.get().chain().toAbsolutePath().toString(), new Volume(TLS_DIR + "/chain.pem"),
                    AccessMode.ro));
            binds.add(new Bind(tls.get().key().toAbsolutePath().toString(), new Volume(TLS_DIR + "/key.pem"),
                    AccessMode.ro));
            container.withEnv("TLS_CERT", TLS_DIR + "/chain.pem").withEnv("TLS_KEY", TLS_DIR + "/key.pem");
        }
        String scheme = tls.isPresent() ? "https://" : "http://";
        container.withCreateContainerCmdModifier(create -> create.getHostConfig().withBinds(binds)
                        .withMounts(userFiles))
                .waitingFor(new LoopbackHttpWait(URI.create(scheme + hostPort(listen) + "/healthz"), 200, client));
        return ContainerJanitor.adopt(container, "nginx");
    }

    /** Where an nginx origin's files are inside its container (the image's {@code ROOT}). */
    private static final String FILES_DIR = "/srv/files";

    /** Where the TLS files go inside a container. */
    private static final String TLS_DIR = "/etc/outage-drill/tls";

    /**
     * Varnish as a caching edge on {@code listen} in front of {@code origin}, objects fresh for {@code ttl} and then
     * served stale (grace, stale-if-error) while the origin fails; PURGE and BAN flush it.
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> varnishEdge(InetSocketAddress listen, InetSocketAddress origin, String ttl) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.VARNISH).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen)).withEnv("ORIGIN", hostPort(origin)).withEnv("TTL", ttl)
                .waitingFor(new LoopbackHttpWait(url(listen, "/healthz"), 200));
        return ContainerJanitor.adopt(container, "varnish");
    }

    /**
     * Varnish as a world's caching edge on {@code listen} in front of {@code origin}: over HTTPS with {@code tls}
     * when given (the image's nginx front terminates it), filling from the origin over HTTPS when {@code originTls}
     * is given (the CA's certificate to check the origin's against, and the host name it holds), else over plain
     * HTTP. Objects are fresh for {@code ttl}, then served stale while the origin fails. The TLS files are
     * bind-mounted read-only as {@link #nginxServing} does. Ready once {@code /healthz} answers to {@code client}.
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> varnishServing(InetSocketAddress listen, InetSocketAddress origin, String ttl,
                                                     Optional<PemFiles> tls, Optional<OriginTls> originTls,
                                                     HttpClient client) {
        List<Bind> binds = new ArrayList<>();
        GenericContainer<?> container = new GenericContainer<>(LocalImages.VARNISH).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen)).withEnv("ORIGIN", hostPort(origin)).withEnv("TTL", ttl);
        if (tls.isPresent()) {
            binds.add(new Bind(tls.get().chain().toAbsolutePath().toString(), new Volume(TLS_DIR + "/chain.pem"),
                    AccessMode.ro));
            binds.add(new Bind(tls.get().key().toAbsolutePath().toString(), new Volume(TLS_DIR + "/key.pem"),
                    AccessMode.ro));
            container.withEnv("TLS_CERT", TLS_DIR + "/chain.pem").withEnv("TLS_KEY", TLS_DIR + "/key.pem");
        }
        if (originTls.isPresent()) {
            binds.add(new Bind(originTls.get().caCertificate().toAbsolutePath().toString(),
                    new Volume(TLS_DIR + "/origin-ca.pem"), AccessMode.ro));
            container.withEnv("ORIGIN_CA", TLS_DIR + "/origin-ca.pem")
                    .withEnv("ORIGIN_NAME", originTls.get().hostname());
        }
        String scheme = tls.isPresent() ? "https://" : "http://";
        container.withCreateContainerCmdModifier(create -> create.getHostConfig().withBinds(binds))
                .waitingFor(new LoopbackHttpWait(URI.create(scheme + hostPort(listen) + "/healthz"), 200, client));
        return ContainerJanitor.adopt(container, "varnish");
    }

    /**
     * How a Varnish edge checks its origin's HTTPS: the PEM certificate of the CA and the host name the origin's
     * certificate must hold.
     */
    public record OriginTls(Path caCertificate, String hostname) {
    }

    /**
     * S3Proxy (anonymous, filesystem store) on {@code listen} with {@code buckets} created; objects are put with
     * S3's PUT. Its JVM and jclouds take seconds to start.
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> s3proxy(InetSocketAddress listen, String... buckets) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.S3PROXY).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen)).withEnv("BUCKETS", String.join(" ", buckets))
                .waitingFor(new LoopbackHttpWait(url(listen, "/"), 200));
        return ContainerJanitor.adopt(container, "s3proxy");
    }

    /**
     * S3Proxy (anonymous, filesystem store inside the container) on {@code listen} with {@code buckets} created,
     * over HTTPS only when {@code keyStore} (PKCS#12, password {@code password}) is given, bind-mounted read-only as
     * {@link #nginxServing} does: a world's object store. Ready once {@code GET /} (the bucket list) answers 200 to
     * {@code client}; its JVM and jclouds take 10-20 s to start on a loaded machine, so it gets two minutes.
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> s3proxyServing(InetSocketAddress listen, Optional<Path> keyStore,
                                                     String password, HttpClient client, String... buckets) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.S3PROXY).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen)).withEnv("BUCKETS", String.join(" ", buckets));
        if (keyStore.isPresent()) {
            String inside = "/etc/outage-drill/tls/keystore.p12";
            container.withEnv("KEYSTORE", inside).withEnv("KEYSTORE_PASSWORD", password)
                    .withCreateContainerCmdModifier(create -> create.getHostConfig().withBinds(new Bind(
                            keyStore.get().toAbsolutePath().toString(), new Volume(inside), AccessMode.ro)));
        }
        String scheme = keyStore.isPresent() ? "https://" : "http://";
        container.waitingFor(new LoopbackHttpWait(URI.create(scheme + hostPort(listen) + "/"), 200, client)
                .withStartupTimeout(Duration.ofMinutes(2)));
        return ContainerJanitor.adopt(container, "s3proxy");
    }

    /** A port that was free on {@code address} a moment ago (host networking has no port mapping to ask). */
    public static InetSocketAddress freeAddress(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return new InetSocketAddress(address, socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + address.getHostAddress(), e);
        }
    }

    public static URI url(InetSocketAddress address, String path) {
        return URI.create("http://" + hostPort(address) + path);
    }

    public static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
