package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.http.JettyReferencesPerCacheLine;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The topology's own control server: {@link FaultAdminHandler} on a loopback port, plain HTTP. Separate from the
 * Toxiproxy API's port so that one stays exactly Toxiproxy's (its clients and conformance tests see no extra
 * routes).
 */
final class FaultAdminServer implements AutoCloseable {
    private final Server jetty;
    private final ServerConnector connector;

    private FaultAdminServer(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    static FaultAdminServer start(Topology world, InetSocketAddress address) {
        JettyReferencesPerCacheLine.presetUnlessSet();
        QueuedThreadPool pool = new QueuedThreadPool(8, 1);
        pool.setName("topology-admin");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        Server jetty = new Server(pool);
        jetty.setStopTimeout(0); // no graceful wait for idle keep-alive clients
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        jetty.addConnector(connector);
        jetty.setHandler(new FaultAdminHandler(world));
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("could not start the admin API on " + address + ": " + e.getMessage(), e);
        }
        return new FaultAdminServer(jetty, connector);
    }

    URI uri() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
