package io.outagedrill.fakes.http;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.ServedFile;
import org.eclipse.jetty.http.HttpHeader;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * One way an HTTP response can go wrong, Toxiproxy style: each rule is both its attributes (a record,
 * Jackson-ready with a {@code type} name) and its behaviour ({@link #phase()} and {@link #actOn}).
 * {@link Faults} decides where and how often they apply (see {@link Scope}); the rules acting on one
 * response form a {@link FaultChain} that the {@link FileServer} runs.
 *
 * <p>When several rules match one request they combine in the order they were added: the first
 * {@link Status} or {@link Redirect} answers the request instead of the file; otherwise the first rule of
 * each other kind applies (all {@link CorruptBytes} offsets add up). Body faults act on the wire bytes in
 * this order: the file's bytes (or the swapped content's, or endless bytes) are corrupted, then gzipped,
 * then paced (dribble), stalled and cut. Byte counts in {@link Stall} and {@link CutShort} are therefore
 * counts of body bytes as they leave the server; dribble, stall and cut all count those same bytes, so where
 * their counts meet, a cut comes before a stall and a dribbled piece ends at the stall or cut. A wait a rule
 * causes ends early when that rule is cleared (see {@link ActiveFault}).
 *
 * <p>{@link Phase} puts these rules in order; {@link FaultChain} applies them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FaultRule.Status.class, name = "status"),
        @JsonSubTypes.Type(value = FaultRule.Redirect.class, name = "redirect"),
        @JsonSubTypes.Type(value = FaultRule.IgnoreRange.class, name = "ignore-range"),
        @JsonSubTypes.Type(value = FaultRule.WrongContentRange.class, name = "wrong-content-range"),
        @JsonSubTypes.Type(value = FaultRule.SwapContent.class, name = "swap-content"),
        @JsonSubTypes.Type(value = FaultRule.SlowFirstByte.class, name = "slow-first-byte"),
        @JsonSubTypes.Type(value = FaultRule.Dribble.class, name = "dribble"),
        @JsonSubTypes.Type(value = FaultRule.Stall.class, name = "stall"),
        @JsonSubTypes.Type(value = FaultRule.CutShort.class, name = "cut-short"),
        @JsonSubTypes.Type(value = FaultRule.Endless.class, name = "endless"),
        @JsonSubTypes.Type(value = FaultRule.CorruptBytes.class, name = "corrupt-bytes"),
        @JsonSubTypes.Type(value = FaultRule.Gzip.class, name = "gzip"),
})
public sealed interface FaultRule {

    /**
     * Where in a response a rule acts. A response's rules run in this order, so the order of the constants
     * is the order of the combination rules above.
     */
    enum Phase {
        /** Waits before the status line goes out ({@link SlowFirstByte}), so it delays an answer too. */
        BEFORE_HEADERS,
        /** Answers instead of the file ({@link Status}, {@link Redirect}); the first answer ends the chain. */
        ANSWER,
        /** Chooses the bytes to serve and how many ({@link SwapContent}, {@link Endless}). */
        CONTENT,
        /** How the Range header is honoured and described ({@link IgnoreRange}, {@link WrongContentRange}). */
        RANGE,
        /** Changes body bytes at their file offsets ({@link CorruptBytes}), before any encoding. */
        BODY_BYTES,
        /** Encodes the body ({@link Gzip}); the wire phases after it count encoded bytes. */
        ENCODING,
        /** Closes the connection after n wire bytes ({@link CutShort}); first, so it wins a tie with a stall. */
        WIRE_CUT,
        /** Holds the body after n wire bytes ({@link Stall}). */
        WIRE_HOLD,
        /** Paces the wire bytes ({@link Dribble}); last, so its pieces end where a cut or stall falls. */
        WIRE_PACE
    }

    /** Where in a response this rule acts. */
    Phase phase();

    /**
     * Acts on one response: waits, answers, or edits what the file server will send.
     *
     * @param source the installed fault this rule came from; its waits end when it is cleared
     */
    void actOn(FaultedResponse response, ActiveFault source) throws IOException;

    /**
     * The rule that acts when this rule and a later one of the same kind both match a request. By default
     * the first added acts alone.
     */
    default FaultRule joinedWith(FaultRule later) {
        return this;
    }

    /**
     * True when later rules of this kind act together with this one ({@link #joinedWith} combines them). When
     * false, a rule of this kind that acts leaves the later ones of its kind unconsulted for that request: they
     * would change nothing, so they must neither use up their budget nor be reported as acting.
     */
    default boolean joinsItsKind() {
        return false;
    }

    /**
     * Answer with this status instead of the file (a short text body; none for 204, 205 and 304, which
     * RFC 9110 forbids a body). For a partial outage, give the rule's {@link Scope} a probability.
     *
     * <p>Only final statuses, 200-599: a 1xx is not an answer (100 would leave the client waiting for the
     * real one until it times out, 101 would announce a protocol switch that never happens).
     *
     * @param code              e.g. 500, 502, 503, 504, 429
     * @param retryAfterSeconds sent as {@code Retry-After} when not null
     */
    record Status(int code, Integer retryAfterSeconds) implements FaultRule {
        /** The lowest and highest status a rule can answer with. */
        public static final int MIN_CODE = 200;
        public static final int MAX_CODE = 599;

        public Status {
            if (code < MIN_CODE || code > MAX_CODE) {
                throw new IllegalArgumentException("code: expected a final HTTP status between " + MIN_CODE
                        + " and " + MAX_CODE + ", saw " + code);
            }
        }

        public static Status of(int code) {
            return new Status(code, null);
        }

        /** 429 Too Many Requests with {@code Retry-After: seconds}. */
        public static Status tooManyRequests(int retryAfterSeconds) {
            return new Status(429, retryAfterSeconds);
        }

        /** 503 Service Unavailable with {@code Retry-After: seconds}. */
        public static Status unavailable(int retryAfterSeconds) {
            return new Status(503, retryAfterSeconds);
        }

        @Override
        public Phase phase() {
            return Phase.ANSWER;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            Map<HttpHeader, String> headers = new EnumMap<>(HttpHeader.class);
            if (retryAfterSeconds != null) {
                headers.put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            }
            headers.put(HttpHeader.CACHE_CONTROL, "no-store"); // an edge must not keep the outage
            response.answerInstead(new FaultedResponse.Answer(code, headers,
                    carriesBody() ? "fault injected: status " + code + "\n" : null));
        }

        /** RFC 9110 §15.3.5, §15.3.6, §15.4.5: 204, 205 and 304 end at the headers. */
        boolean carriesBody() {
            return code != 204 && code != 205 && code != 304;
        }
    }

    /** Answer with a redirect to {@code location} (a client must follow only to mirrors it trusts). */
    record Redirect(String location, int code) implements FaultRule {
        public Redirect {
            Objects.requireNonNull(location, "location: required, e.g. \"https://elsewhere.test/file\"");
            // The statuses that redirect (RFC 9110 §15.4): 300 asks the client to choose, 304 is a cache answer
            // without a body, 305 and 306 are retired; none of them sends a client to the Location.
            if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
                throw new IllegalArgumentException("code: expected a redirect status (301, 302, 303, 307 or 308), saw "
                        + code);
            }
        }

        public static Redirect found(String location) {
            return new Redirect(location, 302);
        }

        /** From JSON (the admin API): {@code code} left out is 302, as in a scenario's {@code http.redirect}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        static Redirect fromJson(@com.fasterxml.jackson.annotation.JsonProperty("location") String location,
                                 @com.fasterxml.jackson.annotation.JsonProperty("code") Integer code) {
            return new Redirect(location, code == null ? 302 : code);
        }

        @Override
        public Phase phase() {
            return Phase.ANSWER;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.answerInstead(new FaultedResponse.Answer(code, Map.of(HttpHeader.LOCATION, location),
                    "moved to " + location + "\n"));
        }
    }

    /** Ignore the Range header: 200 with the whole body, as a server without range support would. */
    record IgnoreRange() implements FaultRule {
        @Override
        public Phase phase() {
            return Phase.RANGE;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.ignoreRange();
        }
    }

    /**
     * Send the requested bytes but lie in {@code Content-Range}.
     *
     * @param shift        added to both ends of the range the header names (0 for none)
     * @param claimedTotal the total the header names instead of the real size, or null for the real one
     */
    record WrongContentRange(long shift, Long claimedTotal) implements FaultRule {
        public static WrongContentRange shifted(long shift) {
            return new WrongContentRange(shift, null);
        }

        public static WrongContentRange total(long claimedTotal) {
            return new WrongContentRange(0, claimedTotal);
        }

        @Override
        public Phase phase() {
            return Phase.RANGE;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.describeRange((range, total) -> "bytes " + (range.first() + shift) + "-"
                    + (range.last() + shift) + "/" + (claimedTotal != null ? claimedTotal : total));
        }
    }

    /**
     * Serve another genuine file instead (different bytes, size and ETag): the wrong-software attack, or a
     * CDN that picked up a new version. Use {@link Scope#afterRequests(int)} to swap after N requests. In JSON the
     * replacement is a generated file ({@code {"name":..,"size":..,"seed":..}}); in code it may be a file on disk.
     */
    record SwapContent(@JsonDeserialize(as = GeneratedFile.class) ServedFile replacement) implements FaultRule {
        public SwapContent {
            Objects.requireNonNull(replacement, "replacement: required, a generated file such as "
                    + "{\"name\": \"f.bin\", \"size\": 1048576, \"seed\": 2}");
        }

        @Override
        public Phase phase() {
            return Phase.CONTENT;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.serve(replacement);
        }
    }

    /** Wait before sending the status line and headers. Clearing the rule ends the wait. */
    record SlowFirstByte(long delayMillis) implements FaultRule {
        public SlowFirstByte {
            requireNotNegative(delayMillis, "delayMillis");
        }

        @Override
        public Phase phase() {
            return Phase.BEFORE_HEADERS;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) throws IOException {
            source.holdUpTo(delayMillis);
        }
    }

    /**
     * Send the body {@code bytesPerInterval} bytes at a time, waiting {@code intervalMillis} between pieces:
     * slow retrieval. Clearing the rule lets the rest go at full speed.
     */
    record Dribble(int bytesPerInterval, long intervalMillis) implements FaultRule {
        public Dribble {
            if (bytesPerInterval <= 0) {
                throw new IllegalArgumentException("bytesPerInterval must be positive, was " + bytesPerInterval);
            }
            if (intervalMillis <= 0) {
                // 0 sent every piece without a pause: a dribble that slowed nothing, installed as if it did.
                throw new IllegalArgumentException("intervalMillis must be positive (the pause between pieces), was "
                        + intervalMillis);
            }
        }

        @Override
        public Phase phase() {
            return Phase.WIRE_PACE;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.pipeBody((towardsWire, first) -> new DribblingOutputStream(towardsWire, this, source));
        }
    }

    /**
     * After {@code afterBytes} body bytes, stop sending and hold the connection open. Clearing the rule
     * resumes the body; if it is not cleared within {@code maxHoldMillis} the connection is closed, so no
     * test can hang on it forever.
     */
    record Stall(long afterBytes, long maxHoldMillis) implements FaultRule {
        public static final long DEFAULT_MAX_HOLD_MILLIS = 60_000;

        public Stall {
            requireNotNegative(afterBytes, "afterBytes");
            requireNotNegative(maxHoldMillis, "maxHoldMillis");
        }

        public static Stall after(long afterBytes) {
            return new Stall(afterBytes, DEFAULT_MAX_HOLD_MILLIS);
        }

        /**
         * From JSON (the admin API): {@code maxHoldMillis} left out is {@link #DEFAULT_MAX_HOLD_MILLIS}, as in a
         * scenario's {@code http.stall}; read as 0 it closed the connection at once, a cut-short, not a stall.
         */
        @com.fasterxml.jackson.annotation.JsonCreator
        static Stall fromJson(@com.fasterxml.jackson.annotation.JsonProperty("afterBytes") long afterBytes,
                              @com.fasterxml.jackson.annotation.JsonProperty("maxHoldMillis") Long maxHoldMillis) {
            return new Stall(afterBytes, maxHoldMillis == null ? DEFAULT_MAX_HOLD_MILLIS : maxHoldMillis);
        }

        @Override
        public Phase phase() {
            return Phase.WIRE_HOLD;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.pipeBody((towardsWire, first) -> new StallingOutputStream(towardsWire, this, source));
        }
    }

    /** Send {@code afterBytes} body bytes (fewer than promised), then close the connection. */
    record CutShort(long afterBytes) implements FaultRule {
        public CutShort {
            requireNotNegative(afterBytes, "afterBytes");
        }

        @Override
        public Phase phase() {
            return Phase.WIRE_CUT;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.pipeBody((towardsWire, first) -> new CuttingOutputStream(towardsWire, afterBytes));
        }
    }

    /**
     * Ignore the end of the range and of the file: keep sending bytes (chunked, no Content-Length) until
     * {@code maxBytes} body bytes have gone, then end the response normally. Past the end of the file the
     * bytes wrap around to its start. The status line and Content-Range still describe what was asked for.
     */
    record Endless(long maxBytes) implements FaultRule {
        public static final long DEFAULT_MAX_BYTES = 64L << 20;

        public Endless {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
            }
        }

        public static Endless upTo64MiB() {
            return new Endless(DEFAULT_MAX_BYTES);
        }

        @Override
        public Phase phase() {
            return Phase.CONTENT;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.sendEndless(maxBytes);
        }
    }

    /**
     * Invert every bit of the bytes at these absolute file offsets wherever a response carries them (so
     * the byte is certainly different). Offsets outside a response's range have no effect on it.
     */
    record CorruptBytes(List<Long> offsets) implements FaultRule {
        public CorruptBytes {
            Objects.requireNonNull(offsets, "offsets: required, the file offsets to corrupt, e.g. [0, 4096]");
            if (offsets.isEmpty() || offsets.stream().anyMatch(o -> o == null || o < 0)) {
                throw new IllegalArgumentException("offsets: expected one or more file offsets of 0 or more, e.g. "
                        + "[0, 4096], saw " + offsets);
            }
            offsets = List.copyOf(offsets);
        }

        public static CorruptBytes at(long... offsets) {
            return new CorruptBytes(java.util.Arrays.stream(offsets).boxed().toList());
        }

        @Override
        public Phase phase() {
            return Phase.BODY_BYTES;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.pipeBody((towardsWire, first) -> new CorruptingOutputStream(towardsWire, first, offsets));
        }

        @Override
        public boolean joinsItsKind() {
            return true;
        }

        /** Offsets add up: the bytes at both rules' offsets are corrupted (once each). */
        @Override
        public FaultRule joinedWith(FaultRule later) {
            if (!(later instanceof CorruptBytes more)) {
                throw new IllegalArgumentException("joins only corrupt-bytes rules, not " + later);
            }
            return new CorruptBytes(Stream.concat(offsets.stream(), more.offsets.stream()).distinct().toList());
        }
    }

    /**
     * Really gzip the body and say {@code Content-Encoding: gzip} (chunked, no Content-Length), whether or
     * not the client asked: a hash over the raw file bytes must not match the gzipped bytes.
     */
    record Gzip() implements FaultRule {
        private static final int BUFFER = 64 * 1024;

        @Override
        public Phase phase() {
            return Phase.ENCODING;
        }

        @Override
        public void actOn(FaultedResponse response, ActiveFault source) {
            response.encodeBody("gzip", (towardsWire, first) -> new GZIPOutputStream(towardsWire, BUFFER));
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
