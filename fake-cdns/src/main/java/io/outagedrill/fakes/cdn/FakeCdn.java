package io.outagedrill.fakes.cdn;

import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.http.Faults;
import io.outagedrill.fakes.http.FileServer;
import io.outagedrill.fakes.http.JettyReferencesPerCacheLine;
import io.outagedrill.fakes.http.ServerStats;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.tls.ServerCredentials;
import io.outagedrill.fakes.tls.ServerSslContextFactory;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One fake CDN provider: a Jetty 12 server with its own host name (e.g. {@code cloudflare.test}) on its own
 * loopback address, an OS-chosen port, HTTP or HTTPS, serving files through a {@link FileServer} whose
 * {@link Faults} a test switches while downloads run.
 *
 * <pre>{@code
 * try (FakeCdn cdn = FakeCdn.builder("cloudflare.test").https(ca).host("/v/video.mp4", file).start()) {
 *     URI url = cdn.url("/v/video.mp4");             // https://cloudflare.test:PORT/v/video.mp4
 *     cdn.faults().add(FaultRule.Status.of(503), Scope.all().times(2));
 * }
 * }</pre>
 *
 * Cheap enough for dozens per JVM: responses run on virtual threads; the platform threads are one
 * acceptor, one selector and Jetty's scheduler. {@link #close()} stops them all and frees the port.
 */
public final class FakeCdn implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeCdn.class);
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);

    private final String hostname;
    private final FileServer files;
    private final Server server;
    private final HttpConfiguration http;
    private final long idleTimeoutMillis;
    /**
     * The connector of the current listening period. {@link #acceptConnections()} makes a new one rather than
     * restarting the stopped one: Jetty's stop() does not wait for its acceptor thread, which it interrupts, and
     * an acceptor still looping when the same connector started again went on to accept on the new listening
     * channel with its interrupt pending, closing it (ClosedByInterruptException); the port then refused
     * connections though acceptConnections() had returned (seen in a full build). A new connector's channel is
     * one no old acceptor knows.
     */
    private volatile ServerConnector connector;
    private final SslContextFactory.Server tls;
    /** Pending connections the kernel holds for the acceptor: a fleet of 1000 clients connecting at once. */
    static final int ACCEPT_QUEUE = 4096;
    private final TestCertificateAuthority ca;
    private volatile CertificateKind certificateKind = CertificateKind.VALID;
    /** How long {@link #refuseConnections()} waits for the stopped connector to let go of its port. */
    private static final Duration PORT_RELEASE = Duration.ofSeconds(2);
    private static final Duration PORT_RELEASE_POLL = Duration.ofMillis(5);
    /** The port first bound: kept while connections are refused, and bound again when they are accepted. */
    private volatile int port = -1;
    private boolean refusing;
    /** Set by {@link #close()}: refusing and accepting are no-ops from then on. */
    private boolean closed;
    /** While refusing: a bound, never-listening socket that keeps the port ours (SYNs to it get a reset). */
    private Socket placeholder;

    private FakeCdn(Builder builder) {
        JettyReferencesPerCacheLine.presetUnlessSet();
        this.hostname = builder.hostname;
        this.files = new FileServer();
        if (builder.cacheControl != null) {
            files.cacheControl(builder.cacheControl);
        }
        builder.files.forEach((path, content) -> files.host(path, content));
        this.ca = builder.ca;

        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("fake-cdn-" + hostname);
        threads.setReservedThreads(0);
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("fake-cdn-" + hostname + "-"));
        this.server = new Server(threads);
        // No graceful drain: close() is a provider vanishing, and open connections just drop.
        server.setStopTimeout(0);

        this.http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (ca != null) {
            // The certificate is issued once the address is known (bindAndStart): it names the address too.
            this.tls = new ServerSslContextFactory();
            tls.setKeyStorePassword(ServerCredentials.PASSWORD);
            // The client's certificate check is what is under test; Jetty's own SNI check would answer
            // 400 before the client ever judged a wrong-host certificate.
            tls.setSniRequired(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
        } else {
            this.tls = null;
        }
        this.idleTimeoutMillis = builder.idleTimeout.toMillis();
        this.connector = newConnector();
        server.addConnector(connector);
        server.setHandler(builder.handler != null ? builder.handler.apply(files) : files);
    }

    /** A connector on an ephemeral port; the caller sets host and port and adds it to the server. */
    private ServerConnector newConnector() {
        ServerConnector made = tls != null
                ? new ServerConnector(server, 1, 1,
                        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http))
                : new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        made.setPort(0);
        // A herd opens its connections at once: with the JDK's default backlog of 50 the kernel drops the rest of
        // the SYNs, and their senders wait out retransmission timers (1 s, 3 s, 7 s, ...) before the acceptor
        // sees them. The kernel caps this at net.core.somaxconn.
        made.setAcceptQueueSize(ACCEPT_QUEUE);
        made.setIdleTimeout(idleTimeoutMillis);
        return made;
    }

    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    private FakeCdn start(InetAddress preferred) {
        try {
            bindAndStart(preferred);
        } catch (IOException e) {
            if (preferred.equals(LoopbackAddresses.localhost())) {
                throw new FakeCdnException(hostname + ": cannot bind " + preferred.getHostAddress(), e);
            }
            LOG.info("{}: cannot bind {} ({}); using {}", hostname, preferred.getHostAddress(), e.getMessage(),
                    LoopbackAddresses.localhost().getHostAddress());
            try {
                bindAndStart(LoopbackAddresses.localhost());
            } catch (Exception again) {
                stopQuietly();
                throw new FakeCdnException(hostname + ": cannot bind any loopback address", again);
            }
        } catch (Exception e) {
            stopQuietly();
            throw new FakeCdnException(hostname + ": cannot start", e);
        }
        port = connector.getLocalPort();
        LOG.debug("{} serving at {}", hostname, baseUri());
        return this;
    }

    private void bindAndStart(InetAddress address) throws Exception {
        connector.setHost(address.getHostAddress());
        if (tls != null) {
            // The address too, for clients that cannot be told how to resolve the name (aria2c gets mirrors
            // by address); host-name checks stay on for everyone.
            tls.setKeyStore(ca.issue(hostname, address.getHostAddress()).keyStore());
        }
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly();
            throw e;
        }
    }

    public String hostname() {
        return hostname;
    }

    public boolean isHttps() {
        return tls != null;
    }

    /** The address and port actually bound. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port);
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://hostname:port} (the client must resolve the host name to {@link #address()}). */
    public URI baseUri() {
        return URI.create((isHttps() ? "https" : "http") + "://" + hostname + ":" + port());
    }

    /** The URL of a path on this CDN, e.g. {@code https://cloudflare.test:43127/v/video.mp4}. */
    public URI url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', was " + path);
        }
        return baseUri().resolve(path);
    }

    /** curl's {@code --resolve} value: {@code cloudflare.test:PORT:127.0.0.2}. */
    public String curlResolve() {
        return LoopbackDns.curlResolve(hostname, address());
    }

    /** Registers this CDN's name and address in {@code dns}; returns this. */
    public FakeCdn registerIn(LoopbackDns dns) {
        dns.register(hostname, address().getAddress());
        return this;
    }

    /** The file server: host or unhost files while running, read stats. */
    public FileServer files() {
        return files;
    }

    public Faults faults() {
        return files.faults();
    }

    public ServerStats stats() {
        return files.stats();
    }

    public CertificateKind certificateKind() {
        return certificateKind;
    }

    /**
     * Presents another certificate from now on (new TLS connections; open ones keep theirs). HTTPS only.
     */
    public void useCertificate(CertificateKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (tls == null) {
            throw new IllegalStateException(hostname + " serves plain HTTP; build it with https(ca)");
        }
        ServerCredentials credentials = ca.issue(kind, hostname, address().getAddress().getHostAddress());
        try {
            // reload() builds a fresh SSLContext, so no session cache lets a client resume past the change.
            tls.reload(factory -> factory.setKeyStore(credentials.keyStore()));
        } catch (Exception e) {
            throw new FakeCdnException(hostname + ": cannot switch to a " + kind + " certificate", e);
        }
        certificateKind = kind;
    }

    /**
     * Stops listening: new connections are refused (ECONNREFUSED, the provider's host is up but nothing
     * serves) and open ones drop. The address and port stay reserved for {@link #acceptConnections()}.
     * Idempotent.
     */
    public synchronized void refuseConnections() {
        if (refusing || closed) {
            return;
        }
        try {
            // Stopping only the connector closes the listening socket; the server, handler and faults live on.
            connector.stop();
            server.removeConnector(connector);
            refusing = true;
        } catch (Exception e) {
            throw new FakeCdnException(hostname + ": cannot stop listening", e);
        }
        // The freed port would otherwise be up for grabs (any bind(0) in this or another test JVM), and the
        // URL clients hold must come back. A bound socket that never listens holds it and still refuses. Without
        // SO_REUSEADDR if it can: Linux lets a socket with that option bind (and listen on) a port whose other
        // sockets all have it and none listens, and Java's server sockets set it, so a placeholder with it let a
        // bind(0) elsewhere take the port and answer for the refusing server (seen once in a full build). With
        // it only where connections the server closed still hold the port in TIME_WAIT.
        placeholder = holdOnceFree();
        if (placeholder == null) {
            LOG.warn("{}: cannot hold port {} while refusing connections; it may be taken before it is listened "
                    + "on again", hostname, port);
        }
    }

    /**
     * The placeholder, once the stopped connector's listening socket is really closed; null if that takes more than
     * {@link #PORT_RELEASE} (then the port is still ours, listened on). For a moment after
     * {@code connector.stop()} returns, its listening socket can still be open (the channel's close may complete
     * on another thread: Jetty's acceptor, or a selector deregistering it; and a process this JVM starts meanwhile
     * holds a copy of the descriptor until its launcher closes it before the exec, since the JDK opens sockets
     * without close-on-exec), so the port still accepts connections and no bind, with or without SO_REUSEADDR,
     * can take it (seen in a full build: a raw connect was accepted, and FakeCdnTest's refusal cycles reproduce
     * it). Bounded: a few hundred tries over at most
     * {@link #PORT_RELEASE}.
     */
    private Socket holdOnceFree() {
        long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
        while (true) {
            Socket held = hold(false);
            if (held == null) {
                held = hold(true);
            }
            if (held != null || System.nanoTime() - deadline > 0) {
                return held;
            }
            LockSupport.parkNanos(PORT_RELEASE_POLL.toNanos());
        }
    }

    /** A socket bound to this server's address and port that never listens; null when the bind failed. */
    private Socket hold(boolean reuseAddress) {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(reuseAddress);
            socket.bind(address());
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing was bound
            }
            return null;
        }
    }

    /** Listens again on the same address and port after {@link #refuseConnections()}. Idempotent. */
    public synchronized void acceptConnections() {
        if (!refusing || closed) {
            return; // closed: a restart racing close() must not open a port nothing will stop
        }
        try {
            if (placeholder != null) {
                placeholder.close();
                placeholder = null;
            }
            connector = listenOnceFree();
            refusing = false;
        } catch (Exception e) {
            throw new FakeCdnException(hostname + ": cannot listen again on port " + port, e);
        }
    }

    /**
     * A started connector on this server's port, waiting up to {@link #PORT_RELEASE} while the bind fails: the
     * placeholder just closed can outlive its close for a moment, when this JVM starts a process meanwhile (the
     * child holds a copy of every descriptor until its launcher closes them before the exec).
     */
    private ServerConnector listenOnceFree() throws Exception {
        long deadline = System.nanoTime() + PORT_RELEASE.toNanos();
        while (true) {
            ServerConnector next = newConnector();
            next.setHost(connector.getHost());
            next.setPort(port);
            server.addConnector(next);
            try {
                next.start();
                return next;
            } catch (Exception e) {
                server.removeConnector(next);
                try {
                    next.stop(); // a failed start may have bound the port
                } catch (Exception stopping) {
                    e.addSuppressed(stopping);
                }
                if (!(e.getCause() instanceof BindException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            LockSupport.parkNanos(PORT_RELEASE_POLL.toNanos());
        }
    }

    /** True between {@link #refuseConnections()} and {@link #acceptConnections()}. */
    public synchronized boolean isRefusingConnections() {
        return refusing;
    }

    /** Clears every fault (releasing held responses) and stops the server, its threads and its port. */
    @Override
    public void close() {
        files.faults().clear();
        synchronized (this) {
            closed = true;
            if (placeholder != null) {
                try {
                    placeholder.close();
                } catch (IOException e) {
                    LOG.debug("{}: closing the port placeholder failed", hostname, e);
                }
                placeholder = null;
            }
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("{}: stopping failed", hostname, e);
        }
    }

    @Override
    public String toString() {
        return "FakeCdn[" + hostname + " at " + (server.isStarted() ? address() : "(stopped)") + "]";
    }

    /** Configures a {@link FakeCdn}; {@link #start()} binds it. */
    public static final class Builder {
        private final String hostname;
        private final Map<String, HostedContent> files = new LinkedHashMap<>();
        private InetAddress address;
        private TestCertificateAuthority ca;
        private String cacheControl;
        private LoopbackDns dns;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Function<FileServer, Handler> handler;

        private Builder(String hostname) {
            this.hostname = Objects.requireNonNull(hostname, "hostname");
        }

        /** Bind this loopback address (default: the next from {@link LoopbackAddresses}). */
        public Builder address(String address) {
            try {
                return address(InetAddress.getByName(address));
            } catch (IOException e) {
                throw new IllegalArgumentException("not an address literal: " + address, e);
            }
        }

        public Builder address(InetAddress address) {
            this.address = LoopbackAddresses.requireLoopback(address);
            return this;
        }

        /** Serve HTTPS with a certificate for the host name issued by {@code ca}. */
        public Builder https(TestCertificateAuthority ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
            return this;
        }

        public Builder host(String path, HostedContent content) {
            files.put(path, content);
            return this;
        }

        /** Cache-Control for every file (default {@link FileServer#IMMUTABLE_CACHE_CONTROL}). */
        public Builder cacheControl(String value) {
            this.cacheControl = value;
            return this;
        }

        /**
         * How long a connection may see no traffic before the server drops it (default 2 minutes, longer
         * than a {@link io.outagedrill.fakes.http.FaultRule.Stall}'s default hold, so a stall ends when its
         * rule says and not when Jetty's default 30 s idle timeout does).
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Puts another handler in front of the file server, made from it: e.g. an edge cache that fills
         * itself from an origin and answers through {@link FileServer#serve}, so the provider's TLS,
         * loopback address, connection refusal and {@link #faults()} stay the same. The handler is
         * stopped with the server.
         */
        public Builder handler(Function<FileServer, Handler> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Register the name and bound address in {@code dns} once started. */
        public Builder dns(LoopbackDns dns) {
            this.dns = dns;
            return this;
        }

        public FakeCdn start() {
            FakeCdn cdn = new FakeCdn(this).start(address != null ? address : LoopbackAddresses.next());
            if (dns != null) {
                cdn.registerIn(dns);
            }
            return cdn;
        }
    }
}
