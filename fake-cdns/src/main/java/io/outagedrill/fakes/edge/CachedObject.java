package io.outagedrill.fakes.edge;

import io.outagedrill.fakes.content.HostedContent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A body an edge fetched from its origin, kept in a temp file so a multi-GiB object costs disk, not heap.
 * Served through {@link io.outagedrill.fakes.http.FileServer#serve} like any hosted content.
 *
 * <p>Lifetime: responses {@link #retain()} it while they stream and {@link #release()} it after; the cache
 * {@link #retire()}s it when it is replaced or flushed. The file is closed and deleted once it is retired and
 * no response holds it, so a flush never cuts a response short and never leaks a file.
 */
final class CachedObject implements HostedContent {
    private static final int BUFFER = 64 * 1024;
    /** Users count; {@link #DEAD} once retired with no users, after which it can never be retained again. */
    private static final int DEAD = -1;

    private final String name;
    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final String etag;
    private final Instant lastModified;
    private final String contentType;
    private final String contentEncoding;
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean retired;
    private volatile String sha256;
    private final Map<Long, List<String>> chunkHashes = new ConcurrentHashMap<>();

    /**
     * Takes ownership of {@code file}: it is deleted when this object dies.
     *
     * @param contentEncoding the origin's {@code Content-Encoding}, or null when it sent the bytes as they are
     */
    CachedObject(String name, Path file, String etag, Instant lastModified, String contentType, String contentEncoding)
            throws IOException {
        this.name = Objects.requireNonNull(name, "name");
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.etag = Objects.requireNonNull(etag, "etag");
        this.lastModified = Objects.requireNonNull(lastModified, "lastModified");
        this.contentType = contentType != null ? contentType : OCTET_STREAM;
        this.contentEncoding = contentEncoding;
    }

    /** True if the caller may read it until {@link #release()}; false once it is gone. */
    boolean retain() {
        while (true) {
            int n = users.get();
            if (n == DEAD || retired && n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (users.decrementAndGet() == 0 && retired) {
            dieIfUnused();
        }
    }

    /** No new users from now on; the file goes when the last current one releases. Idempotent. */
    void retire() {
        retired = true;
        dieIfUnused();
    }

    boolean isDead() {
        return users.get() == DEAD;
    }

    private void dieIfUnused() {
        if (users.compareAndSet(0, DEAD)) {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temp file left behind is removed with the store's directory when the edge stops.
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String etag() {
        return etag;
    }

    @Override
    public Instant lastModified() {
        return lastModified;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public Optional<String> contentEncoding() {
        return Optional.ofNullable(contentEncoding);
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        HostedContent.checkRead(this, offset, buf, off, len);
        ByteBuffer target = ByteBuffer.wrap(buf, off, len);
        try {
            // Positional reads: many responses share one channel without sharing a file pointer.
            while (target.hasRemaining()) {
                int n = channel.read(target, offset + target.position() - off);
                if (n < 0) {
                    throw new IOException("cached file " + file + " ended early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the cached copy of " + name, e);
        }
    }

    @Override
    public String sha256() {
        String hash = sha256;
        if (hash == null) {
            hash = hashes(0).getFirst();
            sha256 = hash;
        }
        return hash;
    }

    @Override
    public List<String> chunkHashes(long chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        return chunkHashes.computeIfAbsent(chunkSize, n -> {
            List<String> all = hashes(n);
            return List.copyOf(all.subList(1, all.size()));
        });
    }

    /** The whole-file hash, then (if {@code chunkSize > 0}) each chunk's, from one streaming pass. */
    private List<String> hashes(long chunkSize) {
        MessageDigest whole = sha256Digest();
        MessageDigest chunk = sha256Digest();
        List<String> out = new ArrayList<>();
        out.add(null);
        byte[] buf = new byte[BUFFER];
        long position = 0;
        long fill = 0;
        while (position < size) {
            int n = (int) Math.min(buf.length, size - position);
            if (chunkSize > 0) {
                n = (int) Math.min(n, chunkSize - fill);
            }
            read(position, buf, 0, n);
            whole.update(buf, 0, n);
            position += n;
            if (chunkSize > 0) {
                chunk.update(buf, 0, n);
                fill += n;
                if (fill == chunkSize || position == size) {
                    out.add(HexFormat.of().formatHex(chunk.digest()));
                    fill = 0;
                }
            }
        }
        out.set(0, HexFormat.of().formatHex(whole.digest()));
        return out;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "CachedObject[" + name + ", " + size + " bytes, " + etag + "]";
    }
}
