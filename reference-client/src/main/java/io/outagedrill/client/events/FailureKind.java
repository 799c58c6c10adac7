package io.outagedrill.client.events;

/**
 * What went wrong with one request to one mirror. The transfer engine decides from the kind whether to back
 * off, open the mirror's circuit, lower its failure group, or distrust the mirror for good.
 */
public enum FailureKind {
    /** The name did not resolve (NXDOMAIN, SERVFAIL, empty answer). Points at the provider's DNS: a group failure. */
    DNS(true, false),
    /** TCP connect failed or timed out. */
    CONNECT(false, false),
    /** TLS handshake failed: wrong host, expired or untrusted certificate. Never retried on that mirror soon. */
    TLS(false, false),
    /** A 5xx, 429 or other unexpected status. */
    HTTP_STATUS(false, false),
    /** No response headers within the first-byte timeout. */
    FIRST_BYTE_TIMEOUT(false, false),
    /** No byte for the stall timeout mid-body. */
    STALL(false, false),
    /** Bytes arrived, but slower than the minimum speed over the window (slow retrieval). */
    TOO_SLOW(false, false),
    /** The connection closed before the range was complete. */
    TRUNCATED(false, false),
    /** A chunk's SHA-256 did not match the signed one: the mirror sent wrong bytes. */
    CORRUPT(false, true),
    /** 206 with a Content-Range other than the one asked, a wrong total, or no Content-Range. */
    BAD_RANGE(false, true),
    /** A 200 answered a ranged request: the server ignores Range. */
    RANGE_IGNORED(false, false),
    /** More bytes than asked for (endless data). */
    TOO_MUCH_DATA(false, true),
    /** A Content-Encoding other than identity (the hash is over the raw file; no decompression bombs). */
    CONTENT_ENCODING(false, true),
    /** A redirect to a URL that is not a mirror in the signed manifest. */
    REDIRECT_OFF_MANIFEST(false, true),
    /** The mirror's ETag changed mid-download: it now serves other content. */
    ETAG_CHANGED(false, true),
    /** Anything else on the wire (reset, broken pipe). */
    IO(false, false);

    private final boolean pointsAtGroup;
    private final boolean untrustworthy;

    FailureKind(boolean pointsAtGroup, boolean untrustworthy) {
        this.pointsAtGroup = pointsAtGroup;
        this.untrustworthy = untrustworthy;
    }

    /** True when the failure is likely shared by every mirror in the same failure group. */
    public boolean pointsAtGroup() {
        return pointsAtGroup;
    }

    /** True when the mirror sent something it must not: a lie, not an accident. */
    public boolean untrustworthy() {
        return untrustworthy;
    }
}
