package io.outagedrill.fakes.http;

import io.outagedrill.fakes.content.HostedContent;
import org.eclipse.jetty.http.HttpHeader;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One response as its {@link FaultChain} shapes it: the small per-response context each {@link FaultRule}
 * acts on. Rules of the early phases act at once (wait, answer instead of the file); the later ones edit
 * what the {@link FileServer} then sends: which content, how the Range is honoured and described, how long
 * the body is, and the stages the body bytes pass on their way to the wire. Untouched, it describes the
 * honest response.
 *
 * <p>Public only because {@link FaultRule#actOn} names it; everything on it is for this package.
 */
public final class FaultedResponse {

    /** A response sent instead of the file: a status, its headers and a short text body (null for none). */
    record Answer(int status, Map<HttpHeader, String> headers, String body) {
        Answer {
            headers = Map.copyOf(headers);
        }
    }

    /** Reads the range and total a {@code Content-Range} header should name and writes its value. */
    @FunctionalInterface
    interface ContentRangeHeader {
        String describe(ByteRange range, long total);
    }

    /**
     * One stage of the body's way to the wire, e.g. corrupting, gzipping or pacing.
     */
    @FunctionalInterface
    interface BodyStage {
        /**
         * @param towardsWire where this stage writes what it passes on
         * @param firstOffset the file offset of the body's first byte (for stages that act on file offsets)
         */
        OutputStream wrap(OutputStream towardsWire, long firstOffset) throws IOException;
    }

    private Answer answer;
    private HostedContent replacement;
    private boolean rangeIgnored;
    private ContentRangeHeader contentRange = ByteRange::contentRange;
    private Long endlessBytes;
    private String contentEncoding;
    // In the order bytes pass through them: the first added sees the file's bytes, the last writes to the wire.
    private final List<BodyStage> bodyStages = new ArrayList<>();

    FaultedResponse() {
    }

    // What rules do.

    /** Answers with {@code answer} instead of the file; nothing else in the chain acts after this. */
    void answerInstead(Answer answer) {
        this.answer = answer;
    }

    /** Serves {@code content} instead of what is hosted at the path. */
    void serve(HostedContent content) {
        this.replacement = content;
    }

    /** Treats every request as asking for the whole representation. */
    void ignoreRange() {
        this.rangeIgnored = true;
    }

    /** Writes {@code Content-Range} with {@code header} instead of the truth. */
    void describeRange(ContentRangeHeader header) {
        this.contentRange = header;
    }

    /** Sends {@code maxBytes} body bytes from the start of the range, whatever its end; announces no length. */
    void sendEndless(long maxBytes) {
        this.endlessBytes = maxBytes;
    }

    /** Encodes the body with {@code encoder} and names it in {@code Content-Encoding}; announces no length. */
    void encodeBody(String coding, BodyStage encoder) {
        this.contentEncoding = coding;
        pipeBody(encoder);
    }

    /** Adds a body stage after those already added (nearer the wire). */
    void pipeBody(BodyStage stage) {
        bodyStages.add(stage);
    }

    // What the file server asks.

    Optional<Answer> answer() {
        return Optional.ofNullable(answer);
    }

    /** The content to serve, given what is hosted. */
    HostedContent content(HostedContent hosted) {
        return replacement != null ? replacement : hosted;
    }

    boolean honoursRange() {
        return !rangeIgnored;
    }

    String contentRange(ByteRange range, long total) {
        return contentRange.describe(range, total);
    }

    /** How many body bytes to send, given how many the request asks for. */
    long bodyLength(long asked) {
        return endlessBytes != null ? endlessBytes : asked;
    }

    /** False when the body's length is not known up front (sent chunked, without Content-Length). */
    boolean announcesLength() {
        return endlessBytes == null && contentEncoding == null;
    }

    Optional<String> contentEncoding() {
        return Optional.ofNullable(contentEncoding);
    }

    /**
     * The stream to write the body into: every stage, in order, ending in {@code wire}. Closing it ends the
     * body (stages that act at the very end, such as a cut placed there, act then).
     */
    OutputStream body(OutputStream wire, long firstOffset) throws IOException {
        OutputStream out = wire;
        for (BodyStage stage : bodyStages.reversed()) {
            out = stage.wrap(out, firstOffset);
        }
        return out;
    }
}
