package io.outagedrill.fakes.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Toxiproxy a test talks to: a real one when {@code -Dtoxiproxy.url=http://127.0.0.1:8474} is given
 * (compatibility check), else an embedded {@link ToxiproxyServer}. It must run on this host: the proxies
 * connect to upstreams the tests start on loopback.
 */
final class ToxiproxyTarget implements AutoCloseable {
    /**
     * The lock of the test classes that bind proxies to random ports below the ephemeral range (the JUnit classes
     * here run two at a time). Such a port is the test's only while bound: one class's proxy, disabled to check
     * that its port refuses connections, once found its port taken by another class's new proxy in that instant.
     */
    static final String PORTS_BELOW_THE_EPHEMERAL_RANGE = "loopback ports below the ephemeral range";

    /** The real server's control URL; unset, the tests start an embedded server. */
    static final String URL_PROPERTY = "toxiproxy.url";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ToxiproxyServer embedded;
    private final URI controlUri;

    private ToxiproxyTarget(ToxiproxyServer embedded, URI controlUri) {
        this.embedded = embedded;
        this.controlUri = controlUri;
    }

    static ToxiproxyTarget start() {
        String url = System.getProperty(URL_PROPERTY, "").strip();
        if (!url.isEmpty()) {
            return new ToxiproxyTarget(null, URI.create(url));
        }
        ToxiproxyServer server = ToxiproxyServer.start();
        return new ToxiproxyTarget(server, server.controlUri());
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    ToxiproxyServer embedded() {
        return embedded;
    }

    URI controlUri() {
        return controlUri;
    }

    ToxiproxyClient client() {
        return new ToxiproxyClient(controlUri.getHost(), controlUri.getPort());
    }

    /** Names unique across test classes, so a shared real server never sees a clash. */
    static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }

    Proxy createProxy(String prefix, String upstream) throws IOException {
        return client().createProxy(uniqueName(prefix), "127.0.0.1:0", upstream);
    }

    /**
     * A proxy listening on a port below Linux's ephemeral range (32768-60999 by default), for tests that assert
     * the port refuses once the proxy is disabled or deleted. A port from that range, once freed, can be taken by
     * any bind(0) of a test running in parallel, or be the source port of the test's own connect (a TCP
     * self-connect), and then "accepts" (seen once in a full build). Bounded: 20 random ports; one taken by
     * another test JVM makes the create fail, and the next is tried.
     */
    Proxy createProxyOffTheEphemeralRange(String prefix, String upstream) throws IOException {
        return offTheEphemeralRange(listen -> client().createProxy(uniqueName(prefix), listen, upstream));
    }

    /** Something that listens on the address it is given, or throws when the port is taken. */
    interface ListenAt<T> {
        T at(String listen) throws IOException;
    }

    /**
     * {@code create} at a random loopback address below the ephemeral range, for a proxy that will bind its port
     * again (re-enabled, reset, or restarted with a new upstream): see {@link #createProxyOffTheEphemeralRange}.
     * Bounded: 20 random ports.
     */
    static <T> T offTheEphemeralRange(ListenAt<T> create) throws IOException {
        return offTheEphemeralRange(20_000, 32_000, create);
    }

    /**
     * {@link #offTheEphemeralRange(ListenAt)} with a port from {@code from} (inclusive) to {@code to} (exclusive),
     * leaving out the ports of this machine's own ephemeral range where it reaches into them (a machine may set
     * {@code net.ipv4.ip_local_port_range} wider than Linux's default).
     */
    static <T> T offTheEphemeralRange(int from, int to, ListenAt<T> create) throws IOException {
        int[] ports = outside(from, to, ephemeralRange());
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return create.at("127.0.0.1:"
                        + java.util.concurrent.ThreadLocalRandom.current().nextInt(ports[0], ports[1]));
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new IOException("no free port in %d-%d after 20 tries".formatted(ports[0], ports[1] - 1), last);
    }

    /**
     * The ports from {@code from} (inclusive) to {@code to} (exclusive) below the {@code ephemeral} range (first and
     * last port, inclusive), else above it; all of them when it covers them all, as nothing else is left.
     */
    static int[] outside(int from, int to, int[] ephemeral) {
        if (ephemeral[1] < from || ephemeral[0] >= to) {
            return new int[] {from, to};
        }
        if (ephemeral[0] > from) {
            return new int[] {from, ephemeral[0]};
        }
        if (ephemeral[1] + 1 < to) {
            return new int[] {ephemeral[1] + 1, to};
        }
        return new int[] {from, to};
    }

    /** Linux's ephemeral port range as this machine sets it; Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] bounds = java.nio.file.Files.readString(java.nio.file.Path.of(
                    "/proc/sys/net/ipv4/ip_local_port_range")).strip().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {32_768, 60_999};
        }
    }

    /** A test of a proxy's life that binds its port again: {@link #onAProxyOffTheEphemeralRange}. */
    interface ProxyLife {
        void run(Proxy proxy) throws IOException;
    }

    /**
     * Runs {@code life} on a new proxy off the ephemeral range and, when a step that binds its port again (enable,
     * reset, a new upstream) finds the port taken, again from the start on another port: at most 5 times. A port
     * off the ephemeral range is still anyone's to bind, and a real Toxiproxy closes its old listener asynchronously
     * (the embedded server waits for its own just-released port, {@code TcpProxy.bindAgain}), but a server that
     * never frees its port fails all 5.
     */
    void onAProxyOffTheEphemeralRange(String prefix, String upstream, ProxyLife life) throws IOException {
        IOException taken = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Proxy proxy = createProxyOffTheEphemeralRange(prefix, upstream);
            try {
                life.run(proxy);
                return;
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("address already in use")) {
                    throw e;
                }
                if (taken != null) {
                    e.addSuppressed(taken);
                }
                taken = e;
                if (client().getProxyOrNull(proxy.getName()) != null) {
                    proxy.delete();
                }
            }
        }
        throw new IOException("the proxy's port was taken again on each of 5 ports; the last: " + taken.getMessage(),
                taken);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(controlUri.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Deletes the proxies this run created (by name prefix pid), leaving a shared server as it was. */
    void deleteOwnProxies() throws IOException {
        String marker = "-" + ProcessHandle.current().pid() + "-";
        for (Proxy proxy : client().getProxies()) {
            if (proxy.getName().contains(marker)) {
                proxy.delete();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        } else {
            deleteOwnProxies();
        }
    }
}
