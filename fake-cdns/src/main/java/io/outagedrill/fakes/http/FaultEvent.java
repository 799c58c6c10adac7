package io.outagedrill.fakes.http;

/**
 * A rule acted on a request: what a harness timeline records, so every fault a client met is on record.
 *
 * @param faultId the {@link ActiveFault#id()} of the rule
 * @param rule    what was done
 * @param path    the request path
 * @param span    the bytes the request asked for, or null when it asked for none (unknown path,
 *                unsatisfiable range)
 */
public record FaultEvent(long faultId, FaultRule rule, String path, ByteRange span) {

    /** A line a person reads, e.g. {@code Status[code=503, retryAfterSeconds=null] on /v/a.mp4 bytes 0-99}. */
    public String describe() {
        return rule + " on " + path + (span == null ? "" : " bytes " + span);
    }
}
