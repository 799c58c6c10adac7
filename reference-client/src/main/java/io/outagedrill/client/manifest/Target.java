package io.outagedrill.client.manifest;

import java.util.List;
import java.util.Objects;

/**
 * What the transfer engine downloads: one file with its signed size and hashes and the mirrors that hold it.
 * The manifest's main file and each of its alternates are targets.
 *
 * @param file      a single plain path component; the destination file name
 * @param size      the exact size in bytes; the client never reads past it
 * @param sha256    lowercase hex SHA-256 of the whole file
 * @param mimeType  the media type, may be empty
 * @param chunkSize bytes per chunk; every chunk but the last has exactly this size
 * @param chunks    lowercase hex SHA-256 of each chunk, in order (like Metalink pieces)
 * @param mirrors   where the file can be fetched
 */
public record Target(String file, long size, String sha256, String mimeType, long chunkSize,
                     List<String> chunks, List<Mirror> mirrors) {
    public Target {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        mimeType = mimeType == null ? "" : mimeType;
        chunks = List.copyOf(chunks);
        mirrors = List.copyOf(mirrors);
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** Offset of the first byte of chunk {@code index}. */
    public long chunkStart(int index) {
        return index * chunkSize;
    }

    /** Length in bytes of chunk {@code index} (the last one holds the remainder). */
    public long chunkLength(int index) {
        return Math.min(chunkSize, size - chunkStart(index));
    }
}
