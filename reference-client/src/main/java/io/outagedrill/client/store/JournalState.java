package io.outagedrill.client.store;

import java.util.BitSet;
import java.util.Map;
import java.util.Objects;

/**
 * What the journal beside {@code NAME.part} remembers: which manifest the bytes belong to and which chunks are
 * verified and durable. A chunk is marked here only after its bytes were forced to disk.
 *
 * @param file           destination file name
 * @param manifestDigest SHA-256 of the manifest bytes that started this download (for diagnosis)
 * @param manifestVersion the manifest's version
 * @param contentId      identity of the file content: SHA-256 over size, chunk size and every hash. Two manifests
 *                       with the same content id describe byte-identical files, so their chunks may be combined;
 *                       with different ids the download starts over (TUF's mix-and-match attack)
 * @param size           file size
 * @param chunkSize      chunk size
 * @param verified       chunk indexes whose bytes matched their signed SHA-256 and are on disk
 * @param etags          last ETag seen per mirror URL in the run that wrote the journal, for diagnosis: a resume
 *                       does not reuse them (a redeploy changes ETags, not bytes; the signed hashes decide)
 */
public record JournalState(String file, String manifestDigest, long manifestVersion, String contentId, long size,
                           long chunkSize, BitSet verified, Map<String, String> etags) {
    public JournalState {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(contentId, "contentId");
        verified = (BitSet) verified.clone();
        etags = Map.copyOf(etags);
    }

    @Override
    public BitSet verified() {
        return (BitSet) verified.clone();
    }
}
