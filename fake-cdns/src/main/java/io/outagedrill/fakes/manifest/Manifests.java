package io.outagedrill.fakes.manifest;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.HostedContent;

import java.time.Instant;
import java.util.List;

/** Builds manifests that describe hosted content truthfully, so tests sign exactly what the fakes serve. */
public final class Manifests {
    private Manifests() {
    }

    /**
     * A manifest for {@code content}: its name as the file name, its size, SHA-256 and per-chunk hashes (from
     * {@link HostedContent#chunkHashes}, streamed and cached), no alternates.
     */
    public static Manifest forContent(HostedContent content, long chunkSize, List<Mirror> mirrors, Instant expires,
                                      long version) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize: expected a positive number of bytes, was " + chunkSize);
        }
        Target target = new Target(content.name(), content.size(), content.sha256(), content.contentType(),
                chunkSize, content.chunkHashes(chunkSize), mirrors);
        return new Manifest(target, expires, version, List.of());
    }

    /**
     * A mirror entry for {@code path} on {@code cdn}: provider and group are the host name's first label
     * ({@code cloudflare.test} gives {@code cloudflare}), priority 1, no region.
     */
    public static Mirror mirror(FakeCdn cdn, String path) {
        String host = cdn.hostname();
        int dot = host.indexOf('.');
        String provider = dot > 0 ? host.substring(0, dot) : host;
        return new Mirror(provider, cdn.url(path), 1, "", provider);
    }
}
