package io.outagedrill.fakes.topology;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A running provider as clients see it: its name, where its proxy listens (the only address clients get),
 * and what the manifest says about it.
 *
 * @param name     e.g. {@code cloudflare}: the Toxiproxy proxy's name and the manifest's {@code provider}
 * @param hostname e.g. {@code cloudflare.test}, resolving to {@code address}'s IP
 * @param kind     what it plays
 * @param region   the manifest's region (may be empty)
 * @param group    the manifest's failure group
 * @param priority the manifest's priority
 * @param address  the proxy's listen address: the provider's own loopback IP and the client-facing port
 * @param https    whether it serves HTTPS (TLS passes through the proxy to the server untouched)
 * @param edgeOf   the origin provider this one caches (see {@link Topology#edge}), or null when it serves its own
 * @param backend  what answers behind the proxy: an in-process fake, or an S3Proxy process (see {@link
 *                 Topology#s3proxy})
 */
public record Provider(String name, String hostname, ProviderKind kind, String region, String group, int priority,
                       InetSocketAddress address, boolean https, String edgeOf, ProviderBackend backend) {

    public boolean isEdge() {
        return edgeOf != null;
    }

    /** {@code https://cloudflare.test:PORT}, reaching the server through its proxy. */
    public URI baseUri() {
        return URI.create((https ? "https" : "http") + "://" + hostname + ":" + address.getPort());
    }

    /** The client-facing URL of {@code path} ({@code /video.mp4}). */
    public URI url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', was " + path);
        }
        return baseUri().resolve(path);
    }

    /** curl's {@code --resolve} value: {@code cloudflare.test:PORT:127.0.0.2}. */
    public String curlResolve() {
        return hostname + ":" + address.getPort() + ":" + address.getAddress().getHostAddress();
    }
}
