package io.outagedrill.fakes.edge;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The directives of an origin's {@code Cache-Control} that decide what an edge does with a stored copy
 * (RFC 9111 §5.2.2 and RFC 5861). Unknown directives are ignored, as caches must.
 *
 * @param maxAge               {@code s-maxage} if present (a shared cache prefers it), else {@code max-age}
 * @param immutable            the copy never changes while fresh; without a max-age it is fresh forever
 * @param noStore              {@code no-store} or {@code private}: a shared cache must not keep it
 * @param noCache              stored, but every use needs the origin's confirmation
 * @param staleWhileRevalidate how long after going stale the copy may still be served while the edge
 *                             revalidates in the background
 * @param staleIfError         how long after going stale the copy may still be served when the origin fails
 */
public record CacheControl(Optional<Duration> maxAge, boolean immutable, boolean noStore, boolean noCache,
                           Duration staleWhileRevalidate, Duration staleIfError) {

    /** Effectively forever: what {@code immutable} without a max-age means here. */
    static final Duration FOREVER = Duration.ofDays(365L * 100);

    public static final CacheControl NONE = new CacheControl(Optional.empty(), false, false, false,
            Duration.ZERO, Duration.ZERO);

    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Duration maxAge = null;
        Duration sMaxAge = null;
        boolean immutable = false;
        boolean noStore = false;
        boolean noCache = false;
        Duration swr = Duration.ZERO;
        Duration sie = Duration.ZERO;
        for (String part : header.split(",")) {
            String directive = part.trim();
            int eq = directive.indexOf('=');
            String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            Duration seconds = eq < 0 ? null : seconds(directive.substring(eq + 1));
            switch (name) {
                case "max-age" -> maxAge = seconds != null ? seconds : maxAge;
                case "s-maxage" -> sMaxAge = seconds != null ? seconds : sMaxAge;
                case "immutable" -> immutable = true;
                case "no-store", "private" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "stale-while-revalidate" -> swr = seconds != null ? seconds : swr;
                case "stale-if-error" -> sie = seconds != null ? seconds : sie;
                default -> {
                    // Not a directive an edge in these drills acts on.
                }
            }
        }
        return new CacheControl(Optional.ofNullable(sMaxAge != null ? sMaxAge : maxAge), immutable, noStore,
                noCache, swr, sie);
    }

    /**
     * How long a copy stays fresh after it left the origin: the max-age; forever for {@code immutable}
     * without one; zero for {@code no-cache} or with neither (this edge uses no heuristic freshness, so an
     * origin that says nothing is revalidated on every request).
     */
    public Duration freshFor() {
        if (noCache) {
            return Duration.ZERO;
        }
        return maxAge.orElse(immutable ? FOREVER : Duration.ZERO);
    }

    /** A malformed or negative number of seconds is ignored, as RFC 9111 §4.2.1 asks of max-age. */
    private static Duration seconds(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        // Values too large for a long mean "forever" (RFC 9111 §1.2.2).
        return v.length() > 12 ? FOREVER : Duration.ofSeconds(Long.parseLong(v));
    }
}
