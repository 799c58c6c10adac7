package io.outagedrill.client.transfer;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.transfer.http.ContentRange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A mirror for the client's own tests, on OkHttp's MockWebServer: serves one file with single-range semantics,
 * and lets a test replace any answer (a fault) per request. The full fake CDNs live in module fake-cdns, which
 * depends on this module and so cannot serve its tests.
 */
final class RangeMirror implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final MockWebServer server = new MockWebServer();
    private final byte[] content;
    private final String provider;
    private final List<long[]> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String etag = "\"v1\"";
    private volatile BiFunction<RecordedRequest, MockResponse, MockResponse> fault = (request, normal) -> normal;

    RangeMirror(String provider, byte[] content) throws IOException {
        this.provider = provider;
        this.content = content;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                MockResponse normal = serve(request);
                return fault.apply(request, normal);
            }
        });
        server.start();
    }

    Mirror mirror() {
        return mirror(1, provider);
    }

    Mirror mirror(int priority, String group) {
        return new Mirror(provider, URI.create(url()), priority, "", group);
    }

    String url() {
        return server.url("/files/video.bin").toString();
    }

    /** Replaces answers: the function gets the request and the correct answer and returns what to send. */
    RangeMirror fault(BiFunction<RecordedRequest, MockResponse, MockResponse> value) {
        fault = value;
        return this;
    }

    RangeMirror etag(String value) {
        etag = value;
        return this;
    }

    int requests() {
        return requests.get();
    }

    /** The byte ranges asked so far, as {first, last}. */
    List<long[]> ranges() {
        return ranges;
    }

    MockResponse serve(RecordedRequest request) {
        String range = request.getHeaders().get("Range");
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m == null || !m.matches()) {
            return new MockResponse.Builder().code(200).setHeader("ETag", etag).body(new Buffer().write(content))
                    .build();
        }
        long first = Long.parseLong(m.group(1));
        long last = Math.min(Long.parseLong(m.group(2)), content.length - 1);
        ranges.add(new long[] {first, last});
        String ifRange = request.getHeaders().get("If-Range");
        if (ifRange != null && !ifRange.equals(etag)) {
            return new MockResponse.Builder().code(200).setHeader("ETag", etag).body(new Buffer().write(content))
                    .build();
        }
        return new MockResponse.Builder().code(206).setHeader("ETag", etag)
                .setHeader("Content-Range", ContentRange.header(first, last, content.length))
                .body(new Buffer().write(content, (int) first, (int) (last - first + 1))).build();
    }

    /** The correct answer to {@code request} with bytes at {@code offsets} (absolute file offsets) flipped. */
    MockResponse corrupted(RecordedRequest request, long... offsets) {
        byte[] copy = content.clone();
        for (long offset : offsets) {
            copy[(int) offset] ^= 0x5a;
        }
        return new RangeMirror.Snapshot(copy, etag).serve(request);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Serves other bytes with the same range logic (for corrupt or swapped content). */
    private record Snapshot(byte[] bytes, String etag) {
        MockResponse serve(RecordedRequest request) {
            Matcher m = RANGE.matcher(request.getHeaders().get("Range"));
            if (!m.matches()) {
                throw new IllegalStateException("expected a ranged request");
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            return new MockResponse.Builder().code(206).setHeader("ETag", etag)
                    .setHeader("Content-Range", ContentRange.header(first, last, bytes.length))
                    .body(new Buffer().write(bytes, (int) first, (int) (last - first + 1))).build();
        }
    }
}
