package io.outagedrill.fakes.objectstore;

import io.outagedrill.fakes.cdn.LoopbackDns;

import java.net.URI;
import java.util.Objects;

/**
 * An object store seen as a mirror provider under its own host name (e.g. {@code b2.test}): S3Proxy serves
 * path-style requests whatever the {@code Host} header says, so the name only has to resolve to its address.
 *
 * @param hostname the provider's name, as it appears in manifests
 * @param store    the running store
 */
public record ObjectStoreMirror(String hostname, S3ProxyProcess store) {
    public ObjectStoreMirror {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(store, "store");
    }

    /**
     * {@code http(s)://HOSTNAME:PORT/BUCKET/KEY}: resolve the name through {@link #registerIn(LoopbackDns)}. Over
     * HTTPS the store's certificate must name {@code hostname} ({@link S3ProxyProcess.Builder#https}).
     */
    public URI url(String bucket, String key) {
        return URI.create(store.endpoint().getScheme() + "://" + hostname + ":" + store.address().getPort()
                + S3ProxyProcess.objectPath(bucket, key));
    }

    /** Registers the name and the store's address in {@code dns}; returns this. */
    public ObjectStoreMirror registerIn(LoopbackDns dns) {
        dns.register(hostname, store.address().getAddress());
        return this;
    }

    /** curl's {@code --resolve} value: {@code b2.test:PORT:ADDRESS}. */
    public String curlResolve() {
        return LoopbackDns.curlResolve(hostname, store.address());
    }
}
