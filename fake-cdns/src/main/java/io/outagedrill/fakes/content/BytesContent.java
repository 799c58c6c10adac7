package io.outagedrill.fakes.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Explicit bytes, for tests that need exact content (small: the bytes live on the heap). */
final class BytesContent implements HostedContent {
    /** A fixed date, so responses are reproducible run to run. */
    static final Instant DEFAULT_LAST_MODIFIED = Instant.parse("2025-01-01T00:00:00Z");

    private final String name;
    private final byte[] bytes;
    private final DigestCache digests = new DigestCache(this);

    BytesContent(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public String etag() {
        // Identity is the bytes themselves: equal bytes, equal tag.
        return "\"b-" + sha256().substring(0, 32) + "\"";
    }

    @Override
    public Instant lastModified() {
        return DEFAULT_LAST_MODIFIED;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(offset, len, bytes.length);
        System.arraycopy(bytes, (int) offset, buf, off, len);
    }

    @Override
    public String sha256() {
        return digests.sha256();
    }

    @Override
    public List<String> chunkHashes(long chunkSize) {
        return digests.chunkHashes(chunkSize);
    }

    @Override
    public String toString() {
        return "BytesContent[" + name + ", " + bytes.length + " bytes]";
    }
}
