package io.outagedrill.fakes.content;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bytes a fake server can host: a known size, random access, a strong identity (ETag) and the hashes a
 * signed manifest would carry. Implementations must be thread-safe: many responses read one content at once.
 */
public interface HostedContent {

    /** Default media type: a downloader must not care, and a CDN serving binaries says this. */
    String OCTET_STREAM = "application/octet-stream";

    /** A label for logs and events (not necessarily the URL path it is hosted at). */
    String name();

    /** Exact size in bytes. */
    long size();

    /**
     * Strong entity tag, quoted as on the wire (e.g. {@code "gen-1a2b..."}). Two contents with different
     * bytes have different tags; the same content always has the same tag.
     */
    String etag();

    /** What the server sends as {@code Last-Modified}; whole seconds, since HTTP dates have no fraction. */
    Instant lastModified();

    default String contentType() {
        return OCTET_STREAM;
    }

    /**
     * The coding the bytes are already in, sent as {@code Content-Encoding} (e.g. {@code gzip} for a body an edge
     * stored as its origin sent it); empty for identity, as the bytes of a file are.
     */
    default Optional<String> contentEncoding() {
        return Optional.empty();
    }

    /**
     * Copies {@code len} bytes starting at file offset {@code offset} into {@code buf[off..off+len)}.
     *
     * @throws IndexOutOfBoundsException if the requested span is not inside the content or the buffer
     */
    void read(long offset, byte[] buf, int off, int len);

    /** Lowercase hex SHA-256 of the whole content (computed by streaming, then cached). */
    String sha256();

    /**
     * Lowercase hex SHA-256 of each {@code chunkSize} chunk in order, the last holding the remainder, as a
     * manifest's {@code chunks} list. Computed by streaming and cached per chunk size.
     */
    List<String> chunkHashes(long chunkSize);

    /** A stream over {@code [offset, offset + length)}; reads are computed on the fly, never buffered whole. */
    default InputStream open(long offset, long length) {
        return new ContentInputStream(this, offset, length);
    }

    /** The whole content as a stream. */
    default InputStream open() {
        return open(0, size());
    }

    /** Small explicit content for tests (the bytes are copied). */
    static HostedContent ofBytes(String name, byte[] bytes) {
        return new BytesContent(name, bytes);
    }

    /** The argument checks every {@link #read} starts with: a read must lie inside the buffer and the content. */
    static void checkRead(HostedContent content, long offset, byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        if (offset < 0 || offset > content.size() - len) {
            throw new IndexOutOfBoundsException("read [" + offset + ", " + (offset + len) + ") is outside "
                    + content.name() + " of " + content.size() + " bytes");
        }
    }
}
