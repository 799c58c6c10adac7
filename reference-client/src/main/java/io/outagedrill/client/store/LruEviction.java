package io.outagedrill.client.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Chooses what leaves a cache that is over its limit: least recently used first, never the entry to keep. */
final class LruEviction {
    /** Oldest use first; the hash breaks ties so two processes pruning at once pick the same victims. */
    static final Comparator<CacheEntry> LEAST_RECENT_FIRST =
            Comparator.comparing(CacheEntry::lastUsed).thenComparing(CacheEntry::sha256);

    private LruEviction() {
    }

    /**
     * The entries to delete, least recently used first, so that the rest fit in {@code limit} bytes. The entry
     * whose hash is {@code keep} (the one just stored) is never among them, even if that leaves the cache over.
     */
    static List<CacheEntry> victims(List<CacheEntry> entries, long limit, Optional<String> keep) {
        long total = entries.stream().mapToLong(CacheEntry::size).sum();
        List<CacheEntry> victims = new ArrayList<>();
        for (CacheEntry entry : entries.stream().sorted(LEAST_RECENT_FIRST).toList()) {
            if (total <= limit) {
                break;
            }
            if (keep.isPresent() && keep.get().equals(entry.sha256())) {
                continue;
            }
            victims.add(entry);
            total -= entry.size();
        }
        return victims;
    }
}
