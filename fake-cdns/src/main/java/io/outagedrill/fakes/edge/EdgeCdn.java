package io.outagedrill.fakes.edge;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.FakeCdnException;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.http.Faults;
import io.outagedrill.fakes.tls.TestCertificateAuthority;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A fake CDN provider in edge mode: a {@link FakeCdn} (own host name, loopback address, HTTP or HTTPS,
 * faults, connection refusal) whose files come from an origin through an {@link EdgeCache}.
 *
 * <pre>{@code
 * try (FakeCdn origin = FakeCdn.builder("origin.test").host("/v.mp4", file)
 *              .cacheControl("public, max-age=60, stale-while-revalidate=30, stale-if-error=600").start();
 *      EdgeCdn edge = EdgeCdn.builder("fastly.test").origin(origin).clock(clock).start()) {
 *     URI url = edge.url("/v.mp4");        // X-Cache: MISS, then HIT
 *     origin.faults().add(FaultRule.Status.of(503));
 *     edge.flush();                        // cold caches after recovery (Fastly, June 2021)
 * }
 * }</pre>
 */
public final class EdgeCdn implements AutoCloseable {
    private final FakeCdn cdn;
    private final EdgeCache cache;

    private EdgeCdn(FakeCdn cdn, EdgeCache cache) {
        this.cdn = cdn;
        this.cache = cache;
    }

    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    /** The provider itself: URLs, address, DNS registration, certificates, connection refusal. */
    public FakeCdn cdn() {
        return cdn;
    }

    public EdgeCache cache() {
        return cache;
    }

    public String hostname() {
        return cdn.hostname();
    }

    public URI url(String path) {
        return cdn.url(path);
    }

    public InetSocketAddress address() {
        return cdn.address();
    }

    /** Faults on the edge's answers to clients (the origin's own faults act on the edge's fetches). */
    public Faults faults() {
        return cdn.faults();
    }

    public EdgeStats stats() {
        return cache.stats();
    }

    /** Empties the cache; see {@link EdgeCache#flush()}. */
    public void flush() {
        cache.flush();
    }

    /** Stops the server and the origin client and deletes the stored copies. */
    @Override
    public void close() {
        cdn.close();
    }

    @Override
    public String toString() {
        return "EdgeCdn[" + cdn + " in front of " + cache + "]";
    }

    /** Configures an {@link EdgeCdn}; {@link #start()} binds it. */
    public static final class Builder {
        private final FakeCdn.Builder cdn;
        private URI origin;
        private Clock clock = Clock.systemUTC();
        private Duration originTimeout = Duration.ofSeconds(30);
        private HttpClient originClient;
        private Path storeParent;

        private Builder(String hostname) {
            this.cdn = FakeCdn.builder(hostname);
        }

        /**
         * The origin by base URL, e.g. {@code http://127.0.0.3:41234}. The edge fetches {@code origin + path}
         * with the JDK's client, which resolves names through the system, so give an address literal for a
         * fake origin (or use {@link #origin(FakeCdn)}).
         */
        public Builder origin(URI origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /**
         * A fake origin, reached at its bound address. It must serve plain HTTP unless an {@link
         * #originClient(HttpClient)} that trusts its certificate is given: the edge-to-origin hop is on
         * loopback, and an address literal would not match a host-name certificate anyway.
         */
        public Builder origin(FakeCdn origin) {
            InetSocketAddress at = origin.address();
            String scheme = origin.isHttps() ? "https" : "http";
            return origin(URI.create(scheme + "://" + at.getAddress().getHostAddress() + ":" + at.getPort()));
        }

        /** Time for freshness and staleness decisions (default the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long the edge waits for the origin's response, and then for each next piece of its body, before
         * answering 504 (default 30 s).
         */
        public Builder originTimeout(Duration timeout) {
            this.originTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The client for origin fetches (default: the JDK's, no proxy, no redirects). Shut down on close. */
        public Builder originClient(HttpClient client) {
            this.originClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Where the temp directory holding cached bodies is made (default the JVM's temp directory). */
        public Builder storeIn(Path directory) {
            this.storeParent = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder https(TestCertificateAuthority ca) {
            cdn.https(ca);
            return this;
        }

        public Builder address(String address) {
            cdn.address(address);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            cdn.idleTimeout(timeout);
            return this;
        }

        public Builder dns(LoopbackDns dns) {
            cdn.dns(dns);
            return this;
        }

        public EdgeCdn start() {
            if (origin == null) {
                throw new IllegalStateException("an edge needs an origin: call origin(...)");
            }
            Path store;
            try {
                store = storeParent != null ? Files.createTempDirectory(storeParent, "edge-")
                        : Files.createTempDirectory("edge-");
            } catch (IOException e) {
                throw new FakeCdnException("cannot create the edge's store directory", e);
            }
            ThreadFactory virtual = Thread.ofVirtual().name("edge-origin-", 0).factory();
            ExecutorService httpThreads = Executors.newThreadPerTaskExecutor(virtual);
            HttpClient http = originClient != null ? originClient : HttpClient.newBuilder()
                    .proxy(HttpClient.Builder.NO_PROXY) // loopback only: never a proxy from the environment
                    .followRedirects(HttpClient.Redirect.NEVER) // a redirect is the origin's answer to pass on
                    .connectTimeout(originTimeout)
                    .executor(httpThreads)
                    .build();
            ExecutorService background = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("edge-revalidate-", 0).factory());
            EdgeCache[] made = new EdgeCache[1];
            Runnable stopClient = () -> {
                http.shutdownNow();
                httpThreads.shutdownNow();
            };
            cdn.handler(files -> made[0] = new EdgeCache(files,
                    new OriginFetcher(http, origin, originTimeout, store), clock, store, background, stopClient));
            try {
                return new EdgeCdn(cdn.start(), made[0]);
            } catch (RuntimeException e) {
                stopClient.run();
                background.shutdownNow();
                try {
                    Files.deleteIfExists(store); // still empty: nothing was fetched
                } catch (IOException ignored) {
                    // A leftover empty temp directory is harmless.
                }
                throw e;
            }
        }
    }
}
