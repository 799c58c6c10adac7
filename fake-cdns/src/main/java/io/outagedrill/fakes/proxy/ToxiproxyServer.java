package io.outagedrill.fakes.proxy;

import io.outagedrill.fakes.http.JettyReferencesPerCacheLine;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * An embedded Toxiproxy-compatible server: the control API on {@link #controlPort()}, and the proxies it
 * creates. Everything listens on loopback. {@link #close()} releases every port and thread.
 *
 * <pre>{@code
 * try (ToxiproxyServer toxiproxy = ToxiproxyServer.start(new InetSocketAddress("127.0.0.1", 0))) {
 *     ToxiproxyClient client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.controlPort());
 *     Proxy edge = client.createProxy("edge", "127.0.0.1:0", "127.0.0.1:" + originPort);
 *     edge.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 200);
 * }
 * }</pre>
 */
public final class ToxiproxyServer implements AutoCloseable {
    /** What {@code GET /version} reports: the Toxiproxy API level it follows, marked as ours. */
    public static final String VERSION = "2.12.0-outagedrill";

    private static final Logger LOG = LoggerFactory.getLogger(ToxiproxyServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final ProxyRegistry registry;
    private final ScheduledExecutorService timers;
    private final long seed;

    private ToxiproxyServer(Server jetty, ServerConnector connector, ProxyRegistry registry,
                            ScheduledExecutorService timers, long seed) {
        this.jetty = jetty;
        this.connector = connector;
        this.registry = registry;
        this.timers = timers;
        this.seed = seed;
    }

    /** Starts on 127.0.0.1 with a port the OS picks and a fresh seed. */
    public static ToxiproxyServer start() {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Starts with a fresh seed (logged, and available from {@link #seed()}). */
    public static ToxiproxyServer start(InetSocketAddress controlAddress) {
        return start(controlAddress, new SecureRandom().nextLong());
    }

    /**
     * Starts the control API on {@code controlAddress} (port 0: the OS picks; a loopback address only).
     * {@code seed} drives toxicity draws, jitter, slicing and default corrupt seeds, so a run can be replayed.
     */
    public static ToxiproxyServer start(InetSocketAddress controlAddress, long seed) {
        JettyReferencesPerCacheLine.presetUnlessSet();
        InetAddress address = controlAddress.getAddress();
        if (address == null || !(address.isLoopbackAddress() || address.isAnyLocalAddress())) {
            throw new IllegalArgumentException("the control API listens on loopback only (127.0.0.0/8), not %s"
                    .formatted(address == null ? controlAddress.getHostString()
                            : address.getHostAddress() + ":" + controlAddress.getPort()));
        }
        if (address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("toxiproxy-timer-", 0).factory());
        timers.setRemoveOnCancelPolicy(true); // timeout toxics re-arm on every chunk
        // Platform threads for the pumps: measured on 2 cores (ProxyThroughputBenchmark), virtual threads went
        // through the I/O poller on every read and cost ~110 µs per round trip and half the throughput; platform
        // threads add ~20 µs and pass >1000 MiB/s. Two or three threads per connection suit a test harness.
        ProxyRuntime runtime = new ProxyRuntime(Thread.ofPlatform().daemon().name("toxiproxy-", 0).factory(), timers,
                new Random(seed));
        ProxyRegistry registry = new ProxyRegistry(runtime);

        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("toxiproxy-control");
        pool.setDaemon(true);
        Server jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getHostAddress());
        connector.setPort(controlAddress.getPort());
        jetty.addConnector(connector);
        jetty.setHandler(new ControlHandler(registry, VERSION));
        jetty.setStopTimeout(0); // no graceful wait for idle keep-alive clients
        try {
            jetty.start();
        } catch (Exception e) {
            timers.shutdownNow();
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("could not start the Toxiproxy control API on " + controlAddress
                    + ": " + e.getMessage(), e);
        }
        ToxiproxyServer server = new ToxiproxyServer(jetty, connector, registry, timers, seed);
        LOG.info("Toxiproxy-compatible server on {} (seed {})", server.controlUri(), seed);
        return server;
    }

    public int controlPort() {
        return connector.getLocalPort();
    }

    /** The control API's host as a literal address, ready for {@code new ToxiproxyClient(host(), controlPort())}. */
    public String host() {
        return connector.getHost();
    }

    public URI controlUri() {
        return URI.create("http://" + host() + ":" + controlPort());
    }

    public long seed() {
        return seed;
    }

    /** The proxies, for Java callers that don't want to go through HTTP. */
    public ProxyRegistry proxies() {
        return registry;
    }

    @Override
    public void close() {
        registry.closeAll();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the control API failed", e);
        } finally {
            timers.shutdownNow();
        }
    }
}
