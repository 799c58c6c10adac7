package io.outagedrill.fakes.content;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.outagedrill.client.publish.FileHashes;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A publisher's own file, served from where it lies on disk. Publishing hashes it once, whole and per chunk, with
 * the code {@code drill manifest create} uses ({@link FileHashes}); what a manifest says about the file (size,
 * SHA-256, chunk hashes, ETag, Last-Modified) is fixed from then on.
 *
 * <p>The bytes are read from disk on every request, by positional reads into the server's own buffer, so a file
 * of any size is served in bounded memory. Each read opens the file afresh: an interrupted reader thread then
 * closes only its own channel (a shared {@link FileChannel} would be closed for every request by one interrupt),
 * and what is served is the file as it is now. A file changed after publishing is therefore served changed, under
 * the hashes of the published version, and clients that verify refuse it with a hash error that blames the mirror:
 * the world plays a CDN serving a corrupted copy. A file that became shorter than published ends responses early.
 */
public final class FileOnDisk implements ServedFile {
    private final String name;
    private final Path path;
    private final FileHashes published;
    private final Instant lastModified;
    /** Chunk hashes at sizes other than the published one, hashed from disk when first asked for. */
    private final Map<Long, List<String>> otherChunkSizes = new ConcurrentHashMap<>();

    private FileOnDisk(String name, Path path, FileHashes published, Instant lastModified) {
        this.name = Objects.requireNonNull(name, "name");
        this.path = path;
        this.published = published;
        this.lastModified = lastModified;
    }

    /**
     * Hashes {@code path} whole and in chunks of {@code chunkSize} bytes (streamed: its size costs time, not
     * memory) and returns it ready to serve as {@code name}.
     *
     * @throws IOException if the file cannot be read, or changed while it was hashed
     */
    public static FileOnDisk publish(Path path, String name, long chunkSize) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException(Files.exists(absolute) ? absolute + " is not a regular file"
                    : "no such file: " + absolute);
        }
        Instant modified = Files.getLastModifiedTime(absolute).toInstant().truncatedTo(ChronoUnit.SECONDS);
        return new FileOnDisk(name, absolute, FileHashes.of(absolute, chunkSize), modified);
    }

    /** Where the file lies (absolute). */
    @JsonProperty // with name and size, what an installed swap-content rule shows of it (GET /providers/NAME/faults)
    public Path path() {
        return path;
    }

    /** The chunk size it was published with: the chunk hashes its manifest carries. */
    public long chunkSize() {
        return published.chunkSize();
    }

    @Override
    @JsonProperty
    public String name() {
        return name;
    }

    @Override
    @JsonProperty
    public long size() {
        return published.size();
    }

    @Override
    public String etag() {
        // The published bytes' identity, as for BytesContent: equal bytes, equal tag.
        return "\"f-" + published.sha256().substring(0, 32) + "\"";
    }

    @Override
    public Instant lastModified() {
        return lastModified;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        HostedContent.checkRead(this, offset, buf, off, len);
        ByteBuffer into = ByteBuffer.wrap(buf, off, len);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (into.hasRemaining()) {
                long at = offset + (into.position() - off);
                if (channel.read(into, at) < 0) {
                    throw new EOFException("%s ends at byte %d, before the %d bytes it had when it was published: "
                            .formatted(path, at, size()) + "it changed on disk; restart to publish it again");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String sha256() {
        return published.sha256();
    }

    @Override
    public List<String> chunkHashes(long chunkSize) {
        if (chunkSize == published.chunkSize()) {
            return published.chunks();
        }
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        return otherChunkSizes.computeIfAbsent(chunkSize, size -> {
            try {
                return FileHashes.of(path, size).chunks();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot hash " + path + " in chunks of " + size + " bytes", e);
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileOnDisk f && f.name.equals(name) && f.path.equals(path) && f.published.equals(published);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path, published);
    }

    @Override
    public String toString() {
        return "FileOnDisk[" + name + ", " + path + ", " + size() + " bytes]";
    }
}
