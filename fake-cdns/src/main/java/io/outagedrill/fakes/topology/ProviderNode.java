package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.edge.EdgeCdn;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.status.StatusPage;

/**
 * One provider's running parts. Its server is in-process ({@code cdn}; with {@code edge} too when it caches an
 * origin) or an S3Proxy process ({@code s3proxy}, and {@code cdn} is null); the unused fields are null.
 */
record ProviderNode(Provider provider, FakeCdn cdn, EdgeCdn edge, S3ProxyProcess s3proxy, StatusPage status) {
}
