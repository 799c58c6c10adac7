package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code NAME.part} beside the destination: chunks are written at their offsets by several connections at once,
 * forced to disk before the journal marks them, and the file gets its real name only by {@link #promote atomic
 * rename} after the whole-file SHA-256 matched.
 */
public final class PartFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    /**
     * One write at a time. Positional writes to disjoint ranges would be correct without it, but the kernel runs
     * buffered writes to one file one at a time anyway (ext4 holds the file's lock for each), and a writer that
     * finds it held spins on its CPU while the holder copies: 3% of a 1 GiB download's CPU samples were that
     * spin (perf, four connections on two cores). Waiting here parks the thread instead, and leaves the core to
     * the other connections' decrypting and hashing: 3.675 against 3.755 core-s per GiB, lower in 20 of 32
     * interleaved pairs (docs/benchmarks.md, "The thirteenth round").
     */
    private final ReentrantLock writing = new ReentrantLock();

    private PartFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    public static Path pathFor(Path destination) {
        return destination.resolveSibling(destination.getFileName() + ".part");
    }

    /** Opens (or creates) the part file for {@code destination}, keeping existing bytes for resume. */
    public static PartFile open(Path destination) throws IOException {
        Path path = pathFor(destination);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new PartFile(path, channel);
    }

    public Path path() {
        return path;
    }

    /** Writes all of {@code buffer} at {@code position}. Safe to call from several threads for disjoint ranges. */
    public void write(ByteBuffer buffer, long position) throws IOException {
        writing.lock();
        try {
            long at = position;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        } finally {
            writing.unlock();
        }
    }

    /** Reads up to {@code buffer.remaining()} bytes at {@code position}; returns the count, -1 at end of file. */
    public int read(ByteBuffer buffer, long position) throws IOException {
        return channel.read(buffer, position);
    }

    public FileChannel channel() {
        return channel;
    }

    /** Makes every byte written so far durable (data only; the size is set once, at {@link #truncate}). */
    public void force() throws IOException {
        channel.force(false);
    }

    /** Sets the file's length to exactly {@code size}, dropping anything beyond it. */
    public void truncate(long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
    }

    /**
     * Closes the part file and renames it to {@code destination} atomically, replacing what is there. Call only
     * after the whole file has been verified.
     */
    public void promote(Path destination) throws IOException {
        channel.force(true);
        channel.close();
        Files.move(path, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durability.forceDirectory(destination.toAbsolutePath().getParent());
    }

    public void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
