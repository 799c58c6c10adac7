package io.outagedrill.fakes.http;

import io.outagedrill.fakes.content.HostedContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A Jetty 12 core handler that serves {@link HostedContent} at exact paths the way a CDN edge serves
 * versioned assets: GET and HEAD, single byte ranges (206 / 416), {@code If-Range}, a strong ETag,
 * {@code Last-Modified}, {@code If-None-Match} (304), {@code Accept-Ranges: bytes} and a configurable
 * {@code Cache-Control}; then acts out the {@link Faults} installed on it: the rules acting on a request
 * form a {@link FaultChain} that runs before the response is sent and shapes it (see {@link FaultedResponse}).
 *
 * <p>Range decisions: one satisfiable range gives 206 with {@code Content-Range: bytes a-b/total}; a range
 * that starts past the end (or a zero-length suffix) gives 416 with {@code Content-Range: bytes *}{@code
 * /total}; several ranges give 200 with the whole body (RFC 9110 lets a server ignore Range; no
 * multipart/byteranges); a malformed Range header is ignored (200). {@code If-Range} keeps the Range only
 * when it equals the strong ETag exactly or the {@code Last-Modified} date exactly; otherwise 200 whole.
 *
 * <p>Bodies stream from the content through one 64 KiB buffer per response, with blocking writes on the
 * request's (virtual) thread, so memory does not grow with file size.
 */
public final class FileServer extends Handler.Abstract {
    /** The default: what CDNs send for content-addressed, versioned assets. */
    public static final String IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

    private static final Logger LOG = LoggerFactory.getLogger(FileServer.class);
    private static final int BUFFER = 64 * 1024;

    private record Hosted(HostedContent content, String cacheControl) {
    }

    private record Counters(LongAdder requests, LongAdder bytes) {
        Counters() {
            this(new LongAdder(), new LongAdder());
        }
    }

    private final ConcurrentMap<String, Hosted> hosted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counters> counters = new ConcurrentHashMap<>();
    private final Faults faults = new Faults();
    private volatile String cacheControl = IMMUTABLE_CACHE_CONTROL;

    public FileServer() {
        super(InvocationType.BLOCKING);
    }

    /** Serves {@code content} at {@code path} (e.g. {@code /v/video.mp4}) with the server's Cache-Control. */
    public FileServer host(String path, HostedContent content) {
        return host(path, content, null);
    }

    /** Serves {@code content} at {@code path} with its own {@code Cache-Control} (null: the server's). */
    public FileServer host(String path, HostedContent content, String cacheControl) {
        Objects.requireNonNull(content, "content");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', was " + path);
        }
        hosted.put(path, new Hosted(content, cacheControl));
        return this;
    }

    /** Stops serving {@code path} (404 from now on); true if it was hosted. */
    public boolean unhost(String path) {
        return hosted.remove(path) != null;
    }

    public Optional<HostedContent> content(String path) {
        return Optional.ofNullable(hosted.get(path)).map(Hosted::content);
    }

    /** The {@code Cache-Control} sent for paths hosted without their own. */
    public FileServer cacheControl(String value) {
        this.cacheControl = Objects.requireNonNull(value, "cacheControl");
        return this;
    }

    public Faults faults() {
        return faults;
    }

    public ServerStats stats() {
        Map<String, PathStats> snapshot = new HashMap<>();
        counters.forEach((path, c) -> snapshot.put(path, new PathStats(c.requests().sum(), c.bytes().sum())));
        return new ServerStats(snapshot);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return serve(request, response, callback, hosted.get(Request.getPathInContext(request)));
    }

    /**
     * Answers this request with {@code content} as if it were hosted at the request's path, with the same
     * ranges, validators, counters and faults: for handlers that choose the content per request (an edge
     * cache serving the copy it holds), which a shared path-to-content map would race on.
     *
     * @param cacheControl the {@code Cache-Control} to send, or null for the server's
     */
    public boolean serve(Request request, Response response, Callback callback, HostedContent content,
                         String cacheControl) {
        return serve(request, response, callback, new Hosted(Objects.requireNonNull(content, "content"),
                cacheControl));
    }

    /**
     * Answers with {@code error} (an edge's own error, its origin having failed) unless a fault installed here answers
     * first: the faults act on every answer this server gives, its errors too, as they would on a CDN's error page.
     * The answer faults ({@code status}, {@code redirect}) and a slow first byte act; the faults that edit a body
     * (cut, stall, corrupt...) have none of the file's to act on.
     */
    public boolean serveError(Request request, Response response, Callback callback,
                              BiConsumer<Response, Callback> error) {
        String path = Request.getPathInContext(request);
        counters.computeIfAbsent(path, p -> new Counters()).requests().increment();
        try {
            Optional<FaultedResponse.Answer> answer = faults.answerChainFor(path, Request.getRemoteAddr(request)).run()
                    .answer();
            if (answer.isPresent()) {
                write(response, answer.get(), HttpMethod.HEAD.is(request.getMethod()));
                callback.succeeded();
            } else {
                error.accept(response, callback);
            }
        } catch (Throwable e) {
            endedEarly(request, path, callback, e);
        }
        return true;
    }

    private boolean serve(Request request, Response response, Callback callback, Hosted entry) {
        String path = Request.getPathInContext(request);
        Counters count = counters.computeIfAbsent(path, p -> new Counters());
        count.requests().increment();
        try {
            respond(request, response, path, entry, count);
            callback.succeeded();
        } catch (ConnectionAbort e) {
            // Committed and deliberately incomplete: failing the callback makes Jetty close the connection.
            LOG.debug("{} {}: {}", request.getMethod(), path, e.getMessage());
            callback.failed(e);
        } catch (Throwable e) {
            endedEarly(request, path, callback, e);
        }
        return true;
    }

    /** A response that broke off: Jetty is told, which closes the connection, and an interrupt is kept. */
    private static void endedEarly(Request request, String path, Callback callback, Throwable e) {
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("{} {} ended early", request.getMethod(), path, e);
        callback.failed(e);
    }

    private void respond(Request request, Response response, String path, Hosted entry, Counters count)
            throws IOException {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            text(response, 405, "method not allowed: " + method + "\n", false);
            return;
        }
        String rangeHeader = request.getHeaders().get(HttpHeader.RANGE);
        FaultedResponse faulted = faults.chainFor(path,
                entry == null ? null : span(rangeHeader, entry.content().size()), Request.getRemoteAddr(request)).run();
        Optional<FaultedResponse.Answer> answer = faulted.answer();
        if (answer.isPresent()) {
            write(response, answer.get(), head);
        } else if (entry == null) {
            text(response, 404, "not found: " + path + "\n", head);
        } else {
            sendContent(request, response, entry, faulted, head, count);
        }
    }

    /** A fault's answer instead of the content. */
    private static void write(Response response, FaultedResponse.Answer answer, boolean head) throws IOException {
        answer.headers().forEach(response.getHeaders()::put);
        if (answer.body() == null) {
            // A status that ends at the headers: no Content-Type or Content-Length to describe a body.
            response.setStatus(answer.status());
            Content.Sink.write(response, true, null);
        } else {
            text(response, answer.status(), answer.body(), head);
        }
    }

    /** Sends the hosted content, or what the faults serve instead, as the request's conditions and Range ask. */
    private void sendContent(Request request, Response response, Hosted entry, FaultedResponse faulted,
                             boolean head, Counters count) throws IOException {
        HostedContent content = faulted.content(entry.content());
        var headers = response.getHeaders();
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put(HttpHeader.ETAG, content.etag());
        headers.put(HttpHeader.LAST_MODIFIED, HttpDates.format(content.lastModified()));
        headers.put(HttpHeader.CACHE_CONTROL, entry.cacheControl() != null ? entry.cacheControl() : cacheControl);

        if (Preconditions.noneMatch(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), content)) {
            // RFC 9110 §13.2.2: If-None-Match is evaluated before Range, and a match on GET/HEAD is 304.
            // Edges revalidate with it, so an unchanged origin answers with headers only.
            response.setStatus(304);
            Content.Sink.write(response, true, null);
            return;
        }
        long size = content.size();
        RangeRequest asked = faulted.honoursRange()
                && Preconditions.rangeHolds(request.getHeaders().get(HttpHeader.IF_RANGE), content)
                ? RangeRequest.parse(request.getHeaders().get(HttpHeader.RANGE), size) : new RangeRequest.Whole();
        if (asked instanceof RangeRequest.Unsatisfiable) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
            response.setStatus(416);
            headers.put(HttpHeader.CONTENT_LENGTH, 0L);
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
            return;
        }
        long first = 0;
        long length = size;
        if (asked instanceof RangeRequest.Single(ByteRange range)) {
            response.setStatus(206);
            headers.put(HttpHeader.CONTENT_RANGE, faulted.contentRange(range, size));
            first = range.first();
            length = range.length();
        } else {
            response.setStatus(200);
        }
        headers.put(HttpHeader.CONTENT_TYPE, content.contentType());
        // Codings in the order they were applied: the content's own (a stored encoded body), then a fault's.
        Stream.concat(content.contentEncoding().stream(), faulted.contentEncoding().stream())
                .reduce((applied, then) -> applied + ", " + then)
                .ifPresent(codings -> headers.put(HttpHeader.CONTENT_ENCODING, codings));
        length = faulted.bodyLength(length);
        if (faulted.announcesLength()) {
            headers.put(HttpHeader.CONTENT_LENGTH, length);
        }
        if (head) {
            Content.Sink.write(response, true, null);
        } else {
            streamBody(response, content, first, length, faulted, count);
        }
    }

    /** Writes {@code length} bytes from {@code first} through the response's body stages to the wire. */
    private static void streamBody(Response response, HostedContent content, long first, long length,
                                   FaultedResponse faulted, Counters count) throws IOException {
        OutputStream wire = new CountingOutputStream(Content.Sink.asOutputStream(response), count.bytes()::add);
        OutputStream body = faulted.body(wire, first);
        byte[] buf = new byte[BUFFER];
        for (long position = first, end = first + length; position < end; ) {
            int n = (int) Math.min(buf.length, end - position);
            readWrapping(content, position, buf, n);
            body.write(buf, 0, n);
            position += n;
        }
        // Not in a finally: a stage that failed must leave the response incomplete, not end it as complete.
        body.close();
    }

    /** Reads {@code n} bytes at {@code position}, wrapping past the end to the start (endless responses). */
    private static void readWrapping(HostedContent content, long position, byte[] buf, int n) {
        long size = content.size();
        if (size == 0) {
            Arrays.fill(buf, 0, n, (byte) 0);
            return;
        }
        int done = 0;
        while (done < n) {
            long at = (position + done) % size;
            int piece = (int) Math.min(n - done, size - at);
            content.read(at, buf, done, piece);
            done += piece;
        }
    }

    /** The bytes a request asks for, for matching {@link Scope#bytes()}; null when it asks for nothing. */
    private static ByteRange span(String rangeHeader, long size) {
        return switch (RangeRequest.parse(rangeHeader, size)) {
            case RangeRequest.Single(ByteRange range) -> range;
            case RangeRequest.Unsatisfiable u -> null;
            case RangeRequest.Whole w -> size > 0 ? ByteRange.whole(size) : null;
            case RangeRequest.Multiple m -> size > 0 ? ByteRange.whole(size) : null;
        };
    }

    private static void text(Response response, int status, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        Content.Sink.write(response, true, head ? null : ByteBuffer.wrap(bytes));
    }
}
