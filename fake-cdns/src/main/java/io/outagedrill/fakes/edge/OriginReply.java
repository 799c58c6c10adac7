package io.outagedrill.fakes.edge;

import java.time.Duration;

/** What one exchange with the origin gave the edge. */
sealed interface OriginReply {

    /** 200: a new body, already in the store. */
    record Body(CachedObject object, String cacheControl, Duration age) implements OriginReply {
    }

    /** 304: the stored copy is still the origin's. */
    record NotModified(String cacheControl, Duration age) implements OriginReply {
    }

    /**
     * The origin failed: a 5xx (passed on as is), or no answer at all (502 when it could not be reached or
     * dropped the connection, 504 when it did not answer in time or went silent mid-body), as a CDN reports it.
     */
    record Failed(int status, String reason) implements OriginReply {
    }

    /** Any other answer (404, 403, a redirect): passed on to the client, not stored. */
    record Passed(int status, String reason, String location) implements OriginReply {
    }
}
