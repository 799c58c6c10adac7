package io.outagedrill.fakes.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams a content once and hashes it whole and per chunk in the same pass, with a fixed buffer, so a
 * multi-GiB generated file costs time but no memory.
 */
final class ContentDigests {
    private static final int BUFFER = 64 * 1024;

    private ContentDigests() {
    }

    /** The whole-file hash and, when {@code chunkSize > 0}, the per-chunk hashes. */
    record Result(String sha256, List<String> chunks) {
    }

    static Result compute(HostedContent content, long chunkSize) {
        MessageDigest whole = sha256Digest();
        MessageDigest chunk = chunkSize > 0 ? sha256Digest() : null;
        List<String> chunks = new ArrayList<>();
        byte[] buf = new byte[BUFFER];
        long size = content.size();
        long position = 0;
        long chunkFill = 0;
        while (position < size) {
            int n = (int) Math.min(buf.length, size - position);
            if (chunk != null) {
                n = (int) Math.min(n, chunkSize - chunkFill);
            }
            content.read(position, buf, 0, n);
            whole.update(buf, 0, n);
            position += n;
            if (chunk != null) {
                chunk.update(buf, 0, n);
                chunkFill += n;
                if (chunkFill == chunkSize || position == size) {
                    chunks.add(HexFormat.of().formatHex(chunk.digest()));
                    chunkFill = 0;
                }
            }
        }
        return new Result(HexFormat.of().formatHex(whole.digest()), List.copyOf(chunks));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
