package io.outagedrill.fakes.topology;

/**
 * What answers behind a provider's proxy. Clients cannot tell: either way the provider has its own host name and
 * address, is reached only through its own proxy, and serves the topology's files with Range. What differs is
 * which faults reach it and how long it takes to start.
 */
public enum ProviderBackend {
    /**
     * A fake server in this JVM ({@code FakeCdn}, or {@code EdgeCdn} for an edge): starts in milliseconds and takes
     * every fault, HTTP faults and certificate switches included. The default, for every kind.
     */
    IN_PROCESS,
    /**
     * A real S3-compatible server: S3Proxy in its own JVM, holding the files in a bucket, for {@link
     * ProviderKind#OBJECT_STORE} providers only. It answers as a real store does (its own headers, ETags, error
     * bodies), at the cost of a second or more to start and of the faults that need our own server: HTTP faults,
     * certificate switches and {@code server(...)} refuse it with {@link FaultNotApplicableException}. Network
     * (proxy toxics, down), DNS and status-page faults apply as to any provider.
     */
    S3PROXY
}
