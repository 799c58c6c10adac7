package io.outagedrill.client.publish;

import io.outagedrill.client.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a manifest says about a file's bytes: its size, its SHA-256 and the SHA-256 of each chunk.
 *
 * @param size      bytes in the file
 * @param sha256    lowercase hex SHA-256 of the whole file
 * @param chunkSize bytes per chunk (the last chunk holds the remainder)
 * @param chunks    lowercase hex SHA-256 of each chunk, in order; none for an empty file
 */
public record FileHashes(long size, String sha256, long chunkSize, List<String> chunks) {

    /** Read buffer per hashing thread: large enough that a read costs little next to hashing it. */
    private static final int BUFFER = 1 << 20;

    public FileHashes {
        Objects.requireNonNull(sha256, "sha256");
        chunks = List.copyOf(chunks);
    }

    /**
     * Hashes {@code file} whole and per chunk of {@code chunkSize} bytes, streamed with fixed buffers, so a file
     * of any size costs time but no memory. The whole-file hash is sequential by nature; the chunk hashes are
     * independent, so they are computed at the same time on the other cores (the second read of each byte comes
     * from the page cache). On one core both run one after the other.
     *
     * @throws IOException if the file cannot be read, or changed (size or modification time) while it was hashed:
     *                     a manifest must describe one version of the file, not a mixture
     */
    public static FileHashes of(Path file, long chunkSize) throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size: expected at least 1 byte, saw " + chunkSize);
        }
        FileTime modifiedBefore = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int chunkCount = Math.toIntExact(size == 0 ? 0 : (size - 1) / chunkSize + 1);
            int chunkThreads = Math.max(1, Math.min(chunkCount, Runtime.getRuntime().availableProcessors() - 1));
            ExecutorService pool = Executors.newFixedThreadPool(chunkThreads + 1,
                    Thread.ofPlatform().daemon().name("publish-hash-", 0).factory());
            try {
                Future<String> whole = pool.submit(() -> hashRange(channel, 0, size));
                List<Future<String>> chunks = new ArrayList<>(chunkCount);
                for (int i = 0; i < chunkCount; i++) {
                    long start = i * chunkSize;
                    long length = Math.min(chunkSize, size - start);
                    chunks.add(pool.submit(() -> hashRange(channel, start, length)));
                }
                List<String> chunkHashes = new ArrayList<>(chunkCount);
                for (Future<String> chunk : chunks) {
                    chunkHashes.add(result(chunk, file));
                }
                String sha256 = result(whole, file);
                if (channel.size() != size || !Files.getLastModifiedTime(file).equals(modifiedBefore)) {
                    throw new IOException("%s changed while it was hashed (size %d, now %d); hash it again once it is written"
                            .formatted(file, size, channel.size()));
                }
                return new FileHashes(size, sha256, chunkSize, chunkHashes);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Number of chunk hashes a file of {@code size} bytes needs at {@code chunkSize}. */
    public static long chunkCount(long size, long chunkSize) {
        return size == 0 ? 0 : (size - 1) / chunkSize + 1;
    }

    private static String hashRange(FileChannel channel, long start, long length) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, length)));
        long position = start;
        long end = start + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file ended at byte %d while %d were expected; was it truncated?"
                        .formatted(position, end));
            }
            buffer.flip();
            digest.update(buffer);
            position += n;
        }
        return Sha256.hex(digest.digest());
    }

    private static String result(Future<String> hash, Path file) throws IOException {
        try {
            return hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing " + file, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException("cannot read %s: %s".formatted(file, io.getMessage()), io);
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("hashing " + file + " failed", cause);
        }
    }
}
