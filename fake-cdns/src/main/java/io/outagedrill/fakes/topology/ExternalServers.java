package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Real servers outside this JVM for a world's providers, and the fault proxy in front of them: what {@link
 * Topology.Builder#externalServers} swaps in for the in-process fake servers and the embedded proxy (containers
 * mode, {@code io.outagedrill.fakes.containers.ContainerServers}). Everything else of the world (manifest
 * replicas, status pages, resolver, CA) stays in-process and names the addresses these servers are reached at,
 * through the proxy's links.
 *
 * <p>Such a provider has no in-process server: {@link Topology#http}, {@link Topology#tls} and {@link
 * Topology#server} refuse it with {@link FaultNotApplicableException}; {@link Topology#network()} goes to the
 * proxy started here, over Toxiproxy's HTTP API. What the real server can act out itself goes through {@link
 * #flushCache} and {@link #addHttpFault} (a cache flush, HTTP answers a server can be told to give, bad bytes in a
 * server's copy of a file).
 */
public interface ExternalServers extends AutoCloseable {

    /**
     * Starts a server speaking Toxiproxy's HTTP API (the providers' links become its proxies, seeded with {@code
     * seed}) and returns its API's URL. Called once, before any link is made.
     */
    URI startFaultProxy(long seed);

    /** Starts the server of one provider and returns where it listens, on {@code order.address()}. */
    InetSocketAddress startServer(ServerOrder order);

    /**
     * Empties the cache of the provider's server (a {@code cache.flush}); throws {@link
     * FaultNotApplicableException} when that server caches nothing.
     */
    default void flushCache(String provider) {
        throw new FaultNotApplicableException("provider " + provider + " is served by " + describe()
                + ", which has no cache to flush");
    }

    /**
     * Makes the provider's server act out {@code rule} on the requests {@code scope} picks, until the returned
     * handle runs; throws {@link FaultNotApplicableException}, saying why, when that server cannot.
     */
    default Runnable addHttpFault(String provider, FaultRule rule, Scope scope) {
        throw new FaultNotApplicableException("provider " + provider + " is served by " + describe()
                + ", which cannot be told to act out " + rule);
    }

    /** What serves the providers, for the start log ("nginx and S3Proxy in containers"). */
    String describe();

    /** Stops everything it started; also when a start failed half-way. */
    @Override
    void close();
}
