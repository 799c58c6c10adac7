package io.outagedrill.fakes.edge;

/** What an edge says in {@code X-Cache} about where a response came from. */
public enum CacheStatus {
    /** From a fresh copy, or from a stale one the origin just confirmed (304). */
    HIT,
    /** The body came from the origin for this request (or it failed there, and the error is passed on). */
    MISS,
    /** From a stale copy: within stale-while-revalidate, or within stale-if-error while the origin fails. */
    STALE;

    /** The response header carrying it, as Fastly and others name it. */
    public static final String HEADER = "X-Cache";
}
