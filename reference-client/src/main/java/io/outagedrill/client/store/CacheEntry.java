package io.outagedrill.client.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One file in the {@link ContentCache}.
 *
 * @param sha256   the content's SHA-256 (lowercase hex), which is also its name
 * @param path     where it is
 * @param size     its length in bytes
 * @param lastUsed when it was last stored or served ({@link LastUse})
 */
public record CacheEntry(String sha256, Path path, long size, Instant lastUsed) {
}
