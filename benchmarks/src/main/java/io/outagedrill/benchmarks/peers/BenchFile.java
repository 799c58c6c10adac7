package io.outagedrill.benchmarks.peers;

import io.outagedrill.client.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The file the mirrors serve: pseudo-random bytes (SplitMix64, so no chunk repeats and nothing compresses),
 * written once with its whole-file and per-chunk SHA-256 computed in the same pass.
 *
 * @param path        where it lies (the mirrors' document root)
 * @param size        bytes
 * @param sha256      lowercase hex SHA-256 of the whole file
 * @param chunkSize   bytes per chunk
 * @param chunkHashes lowercase hex SHA-256 of each chunk, in order
 */
record BenchFile(Path path, long size, String sha256, long chunkSize, List<String> chunkHashes) {
    private static final int BLOCK = 1 << 20;

    BenchFile {
        chunkHashes = List.copyOf(chunkHashes);
    }

    static BenchFile generate(Path path, long size, long chunkSize, long seed) throws IOException {
        if (chunkSize <= 0 || chunkSize % 8 != 0) {
            throw new IllegalArgumentException("chunk size: expected a positive multiple of 8 bytes, was " + chunkSize);
        }
        MessageDigest whole = Sha256.newDigest();
        MessageDigest chunk = Sha256.newDigest();
        List<String> chunks = new ArrayList<>();
        ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        long state = seed;
        long written = 0;
        long inChunk = 0;
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (written < size) {
                block.clear();
                while (block.remaining() >= 8) {
                    state += 0x9E3779B97F4A7C15L;
                    long z = state;
                    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                    block.putLong(z ^ (z >>> 31));
                }
                int n = (int) Math.min(BLOCK, size - written);
                // Hash in pieces that never cross a chunk boundary.
                for (int at = 0; at < n; ) {
                    int piece = (int) Math.min(n - at, chunkSize - inChunk);
                    whole.update(block.array(), at, piece);
                    chunk.update(block.array(), at, piece);
                    at += piece;
                    inChunk += piece;
                    if (inChunk == chunkSize) {
                        chunks.add(Sha256.hex(chunk.digest()));
                        inChunk = 0;
                    }
                }
                block.position(0).limit(n);
                while (block.hasRemaining()) {
                    out.write(block);
                }
                written += n;
            }
        }
        if (inChunk > 0) {
            chunks.add(Sha256.hex(chunk.digest()));
        }
        return new BenchFile(path, size, Sha256.hex(whole.digest()), chunkSize, chunks);
    }
}
