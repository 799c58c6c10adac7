package io.outagedrill.fakes.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where and how often a {@link FaultRule} applies. Every part is optional; {@link #all()} matches every
 * request. Build with the withers: {@code Scope.all().path("/v/*").bytes(0, 1023).times(2)}.
 *
 * <p>A request is considered in this order: it must match {@link #path}; its byte span must overlap
 * {@link #bytes}; the first {@link #afterRequests} such requests pass untouched; then a draw from the
 * seeded random must fall under {@link #probability}; then the rule applies and uses up one of
 * {@link #times}. When {@code times} is used up the rule stops matching (it is not cleared: a response it
 * stalled stays stalled until the rule is cleared).
 *
 * <p>{@link #perClient} counts {@code afterRequests} and {@code times} for each client address apart: the server
 * sees each client's own address when clients connect from addresses of their own in 127.0.0.0/8 (the fault proxy
 * connects upstream from its downstream peer's address, so it does not hide them). The probability's draws stay
 * one sequence in arrival order.
 *
 * @param path          exact path, or a glob: {@code *} within one segment, {@code **} across segments,
 *                      {@code ?} one character; null for every path
 * @param bytes         the rule applies only to requests whose byte span overlaps this range (a request
 *                      without Range spans the whole file); null for any span
 * @param afterRequests how many matching requests to let through before the rule starts applying
 * @param times         apply to this many requests only, then stop; null for no limit
 * @param probability   chance in [0, 1] that a matching request is affected; null for always
 * @param seed          seed of the rule's own random, so a run replays the same draws in the same order
 * @param perClient     count {@code afterRequests} and {@code times} per client address, not over all clients
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scope(String path, ByteRange bytes, int afterRequests, Integer times, Double probability,
                    long seed, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean perClient) {
    private static final Scope ALL = new Scope(null, null, 0, null, null, 0, false);

    public Scope {
        if (afterRequests < 0) {
            throw new IllegalArgumentException("afterRequests must not be negative, was " + afterRequests);
        }
        if (times != null && times < 0) {
            throw new IllegalArgumentException("times must not be negative, was " + times);
        }
        if (probability != null && !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], was " + probability);
        }
        if (path != null) {
            PathGlob.of(path); // fail now on a bad pattern, not at the first request
            // A request's path starts with "/": "cold.mp4" matched nothing, and the fault never acted, unsaid.
            if (!path.startsWith("/") && !path.startsWith("**")) {
                // A whole URL given: its path is what was meant.
                int scheme = path.indexOf("://");
                int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
                String meant = slash >= 0 ? path.substring(slash) : "/" + path;
                throw new IllegalArgumentException(("a request's path starts with /, so \"%s\" matches no "
                        + "request; write \"%s\" (on an object store, under its bucket: \"/outage-drill%s\")")
                        .formatted(path, meant, meant));
            }
        }
    }

    /** Every request, every time. */
    public static Scope all() {
        return ALL;
    }

    /** Shorthand for {@code all().path(glob)}. */
    public static Scope onPath(String glob) {
        return ALL.path(glob);
    }

    /** Whether a request for {@code requestPath} is on {@link #path} (every path when that is null). */
    public boolean matchesPath(String requestPath) {
        return path == null || PathGlob.of(path).matches(requestPath);
    }

    public Scope path(String glob) {
        return new Scope(glob, bytes, afterRequests, times, probability, seed, perClient);
    }

    /** Only requests whose span overlaps {@code [first, last]} (inclusive offsets). */
    public Scope bytes(long first, long last) {
        return new Scope(path, new ByteRange(first, last), afterRequests, times, probability, seed, perClient);
    }

    public Scope afterRequests(int requests) {
        return new Scope(path, bytes, requests, times, probability, seed, perClient);
    }

    public Scope times(int requests) {
        return new Scope(path, bytes, afterRequests, requests, probability, seed, perClient);
    }

    /** Shorthand for {@code times(1)}. */
    public Scope once() {
        return times(1);
    }

    public Scope probability(double chance, long randomSeed) {
        return new Scope(path, bytes, afterRequests, times, chance, randomSeed, perClient);
    }

    /** Counts {@code afterRequests} and {@code times} for each client address apart ({@link #perClient}). */
    public Scope countPerClient() {
        return new Scope(path, bytes, afterRequests, times, probability, seed, true);
    }
}
