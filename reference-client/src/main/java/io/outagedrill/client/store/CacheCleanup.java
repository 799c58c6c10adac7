package io.outagedrill.client.store;

import java.util.List;

/**
 * What a prune or clear of the {@link ContentCache} removed.
 *
 * @param removed        entries deleted, least recently used first
 * @param leftoverTemps  temporary files left by a process that died while storing an entry
 */
public record CacheCleanup(List<CacheEntry> removed, int leftoverTemps) {
    public CacheCleanup {
        removed = List.copyOf(removed);
    }

    public long removedBytes() {
        return removed.stream().mapToLong(CacheEntry::size).sum();
    }
}
