package io.outagedrill.fakes.containers;

/**
 * What a Varnish edge did, from its own counters ({@code varnishstat}): how it answered clients and how its fills
 * went. A stale hit is the proof that an origin outage was hidden: the object was past its TTL and served from
 * grace because no fresh copy could be fetched.
 *
 * @param hits          requests answered from the cache, fresh or stale ({@code MAIN.cache_hit})
 * @param staleHits     of those, answered with a copy past its TTL ({@code MAIN.cache_hit_grace})
 * @param misses        requests that had to wait for a fill from the origin ({@code MAIN.cache_miss})
 * @param failedFetches fills from the origin that failed, any cause ({@code MAIN.fetch_failed})
 */
public record EdgeCounters(long hits, long staleHits, long misses, long failedFetches) {
    public String describe() {
        return "%d hits (%d of them stale), %d misses, %d failed origin fetches".formatted(hits, staleHits, misses,
                failedFetches);
    }
}
