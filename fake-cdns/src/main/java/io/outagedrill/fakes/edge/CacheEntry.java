package io.outagedrill.fakes.edge;

import java.time.Duration;
import java.time.Instant;

/**
 * A stored copy and what the origin said about keeping it.
 *
 * @param object       the body
 * @param cacheControl the origin's {@code Cache-Control} as sent (passed on to clients unchanged)
 * @param policy       the same, parsed
 * @param storedAt     when the copy left the origin by the edge's clock (reception time less any {@code Age}),
 *                     moved forward by each 304 that confirms it
 */
record CacheEntry(CachedObject object, String cacheControl, CacheControl policy, Instant storedAt) {

    Duration age(Instant now) {
        Duration age = Duration.between(storedAt, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    boolean isFresh(Instant now) {
        return age(now).compareTo(policy.freshFor()) < 0;
    }

    /** Stale, but young enough to serve while a background revalidation runs (RFC 5861 §3). */
    boolean mayServeWhileRevalidating(Instant now) {
        return withinStaleWindow(now, policy.staleWhileRevalidate());
    }

    /** Stale, but young enough to serve instead of an origin error (RFC 5861 §4). */
    boolean mayServeOnError(Instant now) {
        return withinStaleWindow(now, policy.staleIfError());
    }

    /** The same body confirmed by a 304 just now, under the Cache-Control that came with it (if any). */
    CacheEntry confirmed(String newCacheControl, Instant at) {
        String header = newCacheControl != null ? newCacheControl : cacheControl;
        return new CacheEntry(object, header, CacheControl.parse(header), at);
    }

    private boolean withinStaleWindow(Instant now, Duration window) {
        if (policy.noCache()) {
            return false; // no-cache forbids serving without the origin's say-so
        }
        return age(now).compareTo(policy.freshFor().plus(window)) < 0;
    }
}
