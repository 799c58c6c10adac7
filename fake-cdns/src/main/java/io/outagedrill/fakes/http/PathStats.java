package io.outagedrill.fakes.http;

/**
 * Traffic seen on one path.
 *
 * @param requests  requests received (any method, any outcome, 404s included)
 * @param bytesSent body bytes written to the wire (after any gzip; headers not counted)
 */
public record PathStats(long requests, long bytesSent) {
    public static final PathStats NONE = new PathStats(0, 0);
}
