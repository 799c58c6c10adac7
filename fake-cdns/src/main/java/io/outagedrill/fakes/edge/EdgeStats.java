package io.outagedrill.fakes.edge;

/**
 * A snapshot of an edge's counters since start (a {@link EdgeCache#flush()} empties the cache, not these).
 *
 * @param hits          requests answered from a fresh copy, or from a stale one the origin confirmed (304)
 * @param misses        requests that needed the body from the origin, whether it came or failed
 * @param staleServes   requests answered from a stale copy (stale-while-revalidate or stale-if-error)
 * @param revalidations conditional requests ({@code If-None-Match}) sent to the origin, foreground or background
 * @param originErrors  origin exchanges that failed: a 5xx, a refused or dropped connection, a timeout
 */
public record EdgeStats(long hits, long misses, long staleServes, long revalidations, long originErrors) {
}
