package io.outagedrill.fakes.content;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a content's hashes: hashing a multi-GiB generated file takes seconds, and tests ask for the
 * same hashes over and over (manifest building, verification).
 */
final class DigestCache {
    private final HostedContent content;
    private final Map<Long, List<String>> chunksBySize = new ConcurrentHashMap<>();
    private volatile String sha256;

    DigestCache(HostedContent content) {
        this.content = content;
    }

    String sha256() {
        String cached = sha256;
        if (cached == null) {
            cached = ContentDigests.compute(content, 0).sha256();
            sha256 = cached;
        }
        return cached;
    }

    List<String> chunkHashes(long chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, was " + chunkSize);
        }
        return chunksBySize.computeIfAbsent(chunkSize, size -> {
            // One pass yields the whole-file hash too; keep it.
            ContentDigests.Result result = ContentDigests.compute(content, size);
            sha256 = result.sha256();
            return result.chunks();
        });
    }
}
