package io.outagedrill.fakes.manifest;

import io.outagedrill.fakes.content.HostedContent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A rendered manifest body, hosted by a replica's {@link io.outagedrill.fakes.http.FileServer} with its own
 * media type ({@code application/jose} for a compact JWS, RFC 7515 §9.2.1; {@code application/json} for bare
 * JSON), so the wire looks like a real manifest endpoint.
 */
final class ManifestDocument implements HostedContent {
    static final String JOSE = "application/jose";
    static final String JSON = "application/json";

    private final HostedContent bytes;
    private final String contentType;

    ManifestDocument(String name, String body, String contentType) {
        this.bytes = HostedContent.ofBytes(name, body.getBytes(StandardCharsets.UTF_8));
        this.contentType = contentType;
    }

    @Override
    public String name() {
        return bytes.name();
    }

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public String etag() {
        return bytes.etag();
    }

    @Override
    public Instant lastModified() {
        return bytes.lastModified();
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        bytes.read(offset, buf, off, len);
    }

    @Override
    public String sha256() {
        return bytes.sha256();
    }

    @Override
    public List<String> chunkHashes(long chunkSize) {
        return bytes.chunkHashes(chunkSize);
    }
}
