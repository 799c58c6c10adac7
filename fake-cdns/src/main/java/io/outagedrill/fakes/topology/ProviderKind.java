package io.outagedrill.fakes.topology;

/**
 * What a provider plays. Every kind is served by a {@link io.outagedrill.fakes.cdn.FakeCdn} behind its own proxy
 * (an {@link io.outagedrill.fakes.edge.EdgeCdn} when the provider is an edge of another, {@link
 * ProviderSpec#edgeOf}), or, for an object store built with {@link ProviderSpec#backend}{@code (S3PROXY)}, by an
 * S3Proxy process behind the same kind of proxy. The kind decides the URL layout (an object store serves path-style
 * {@code /BUCKET/KEY}, as S3 and B2 do) and is what a scenario or report names.
 */
public enum ProviderKind {
    /** A CDN edge (Cloudflare, Fastly, Bunny, Akamai, CloudFront). */
    CDN,
    /** An origin server a CDN would pull from, used directly as a mirror. */
    ORIGIN,
    /** An S3-compatible object store (B2, R2, S3) serving the file by URL with Range. */
    OBJECT_STORE
}
