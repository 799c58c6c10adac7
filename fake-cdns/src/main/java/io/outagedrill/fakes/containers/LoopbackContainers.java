package io.outagedrill.fakes.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
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
     * As {@link #nginxOrigin(InetSocketAddress, Path)}, serving HTTPS with {@code tls} (a chain and key in PEM,
     * copied in like the files); ready once {@code /healthz} answers over TLS to {@code client}, which trusts the
     * chain's CA.
     */
    @SuppressWarnings("resource") // the caller owns and stops it
    public static GenericContainer<?> nginxHttpsOrigin(InetSocketAddress listen, Path files, PemFiles tls,
                                                       HttpClient client) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.NGINX).withNetworkMode("host")
                .withEnv("LISTEN", hostPort(listen))
                .withEnv("TLS_CERT", TLS_DIR + "/chain.pem").withEnv("TLS_KEY", TLS_DIR + "/key.pem")
                .withCopyToContainer(MountableFile.forHostPath(files), "/srv/files")
                .withCopyToContainer(MountableFile.forHostPath(tls.chain()), TLS_DIR + "/chain.pem")
                .withCopyToContainer(MountableFile.forHostPath(tls.key()), TLS_DIR + "/key.pem")
                .waitingFor(new LoopbackHttpWait(URI.create("https://" + hostPort(listen) + "/healthz"), 200,
                        client));
        return ContainerJanitor.adopt(container, "nginx");
    }

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
