package io.outagedrill.control;

import io.outagedrill.client.manifest.Mirror;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mirror on OkHttp's MockWebServer that answers single ranges, and can be switched to fail or to lie. */
final class ChunkMirror implements AutoCloseable {
    enum Mode { HEALTHY, DOWN, CORRUPT, CORRUPT_FIRST_CHUNK, IGNORE_RANGE, SLOW }

    /** How long a SLOW mirror holds its headers back. */
    static final java.time.Duration SLOW_FIRST_BYTE = java.time.Duration.ofMillis(300);

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final MockWebServer server = new MockWebServer();
    private final byte[] content;
    private final String name;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.HEALTHY;

    ChunkMirror(String name, byte[] content) throws IOException {
        this.name = name;
        this.content = content;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                return answer(request);
            }
        });
        server.start();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    int requests() {
        return requests.get();
    }

    Mirror mirror() {
        return new Mirror(name, URI.create(server.url("/v/movie.mp4").toString()), 1, "", null);
    }

    private MockResponse answer(RecordedRequest request) {
        Mode now = mode;
        if (now == Mode.DOWN) {
            return new MockResponse.Builder().code(503).body("edge down").build();
        }
        if (now == Mode.IGNORE_RANGE) {
            return new MockResponse.Builder().code(200).body(new Buffer().write(content)).build();
        }
        Matcher range = RANGE.matcher(String.valueOf(request.getHeaders().get("Range")));
        if (!range.matches()) {
            return new MockResponse.Builder().code(400).build();
        }
        int from = Integer.parseInt(range.group(1));
        int to = Math.min(Integer.parseInt(range.group(2)), content.length - 1);
        byte[] slice = Arrays.copyOfRange(content, from, to + 1);
        if (now == Mode.CORRUPT || now == Mode.CORRUPT_FIRST_CHUNK && from == 0) {
            slice[slice.length / 2] ^= 0x5a;
        }
        MockResponse.Builder answer = new MockResponse.Builder().code(206)
                .addHeader("Content-Range", "bytes %d-%d/%d".formatted(from, to, content.length))
                .body(new Buffer().write(slice));
        if (now == Mode.SLOW) {
            answer.headersDelay(SLOW_FIRST_BYTE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return answer.build();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
