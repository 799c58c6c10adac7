package io.outagedrill.fakes.edge;

import com.sun.net.httpserver.HttpServer;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.testing.MutableClock;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class EdgeCacheTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 300_000, 21);

    final MutableClock clock = new MutableClock(Instant.parse("2021-06-08T09:47:00Z"));
    FakeCdn origin;
    EdgeCdn edge;

    @BeforeEach
    void start() {
        origin = FakeCdn.builder("origin.test").start();
        origin.files().host("/fresh", FILE, "public, max-age=60");
        origin.files().host("/swr", FILE, "public, max-age=60, stale-while-revalidate=120");
        origin.files().host("/sie", FILE, "public, max-age=60, stale-if-error=300");
        origin.files().host("/immutable", FILE); // the server default: max-age=31536000, immutable
        origin.files().host("/nostore", FILE, "no-store");
        edge = EdgeCdn.builder("fastly.test").origin(origin).clock(clock).originTimeout(Duration.ofSeconds(10))
                .start();
    }

    @AfterEach
    void stop() {
        edge.close();
        origin.close();
    }

    @Test
    void firstRequestIsAMissThenHitsUntilStaleThenA304RevalidationMakesItAHitAgain() throws Exception {
        Response miss = get("/fresh");
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("x-cache")).isEqualTo("MISS");
        assertThat(miss.body()).isEqualTo(of(FILE));
        assertThat(miss.header("etag")).isEqualTo(FILE.etag());
        assertThat(miss.header("cache-control")).isEqualTo("public, max-age=60");

        clock.advance(Duration.ofSeconds(59));
        Response hit = get("/fresh");
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.header("age")).isEqualTo("59");
        assertThat(hit.body()).isEqualTo(of(FILE));
        assertThat(origin.stats().requests("/fresh")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2)); // stale, and no stale-while-revalidate: ask the origin first
        long originBytes = origin.stats().bytesSent("/fresh");
        Response revalidated = get("/fresh");
        assertThat(revalidated.header("x-cache")).isEqualTo("HIT");
        assertThat(revalidated.header("age")).isEqualTo("0");
        assertThat(revalidated.body()).isEqualTo(of(FILE));
        assertThat(origin.stats().requests("/fresh")).isEqualTo(2);
        assertThat(origin.stats().bytesSent("/fresh")).as("a 304 carries no body").isEqualTo(originBytes);
        assertThat(edge.stats()).isEqualTo(new EdgeStats(2, 1, 0, 1, 0));
    }

    @Test
    void staleIfErrorServesTheStaleCopyWhileTheOriginAnswers503AndPassesTheErrorOnAfterTheWindow()
            throws Exception {
        assertThat(get("/sie").header("x-cache")).isEqualTo("MISS");
        origin.faults().add(FaultRule.Status.of(503));

        clock.advance(Duration.ofSeconds(60 + 299));
        Response stale = get("/sie", "Range: bytes=1000-1999");
        assertThat(stale.status()).isEqualTo(206);
        assertThat(stale.header("x-cache")).isEqualTo("STALE");
        assertThat(stale.body()).isEqualTo(of(FILE, 1000, 1000));

        clock.advance(Duration.ofSeconds(1)); // past max-age + stale-if-error
        Response error = get("/sie");
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.header("x-cache")).isEqualTo("MISS");
        assertThat(error.header("cache-control")).isEqualTo("no-store");

        assertThat(edge.stats().staleServes()).isEqualTo(1);
        assertThat(edge.stats().originErrors()).isEqualTo(2);
        assertThat(edge.stats().revalidations()).isEqualTo(2);

        origin.faults().clear();
        assertThat(get("/sie").header("x-cache")).as("the copy is still the origin's: 304").isEqualTo("HIT");
    }

    @Test
    void aRefusingOriginIsA502WithoutACopyAndStaleWithinStaleIfError() throws Exception {
        assertThat(get("/sie").header("x-cache")).isEqualTo("MISS");
        origin.refuseConnections();

        clock.advance(Duration.ofSeconds(120));
        assertThat(get("/sie").header("x-cache")).isEqualTo("STALE");
        Response none = get("/fresh");
        assertThat(none.status()).isEqualTo(502);
        assertThat(none.header("x-cache")).isEqualTo("MISS");
        assertThat(new String(none.body())).contains("origin").contains("/fresh");
        assertThat(edge.stats().originErrors()).isEqualTo(2);
    }

    @Test
    void anOriginStallingMidBodyIsA504AfterTheOriginTimeoutAndStaleWithinStaleIfError() throws Exception {
        try (EdgeCdn quick = EdgeCdn.builder("quick.test").origin(origin).clock(clock)
                .originTimeout(Duration.ofMillis(500)).start()) {
            assertThat(RawHttp.get(quick.address(), "/sie").header("x-cache")).isEqualTo("MISS");
            // Headers and a little of the body, then silence far longer than the edge's origin timeout.
            origin.faults().add(new FaultRule.Stall(1000, 12_000));

            Response stalled = RawHttp.get(quick.address(), "/fresh");
            assertThat(stalled.status()).as("an origin silent mid-body for longer than the origin timeout")
                    .isEqualTo(504);
            assertThat(stalled.header("x-cache")).isEqualTo("MISS");
            assertThat(new String(stalled.body())).contains("/fresh").contains("500 ms mid-body");

            // A new version at the origin, so the refill is a body (a 304 would have none to stall).
            origin.files().host("/sie", GeneratedFile.of("video.mp4", 300_000, 22),
                    "public, max-age=60, stale-if-error=300");
            clock.advance(Duration.ofSeconds(120));
            Response stale = RawHttp.get(quick.address(), "/sie");
            assertThat(stale.header("x-cache")).as("stale-if-error covers a stalled refill").isEqualTo("STALE");
            assertThat(stale.body()).isEqualTo(of(FILE));
            assertThat(quick.stats().originErrors()).isEqualTo(2);
        }
    }

    @Test
    void staleWhileRevalidateServesStaleAndRevalidatesExactlyOnceInTheBackground() throws Exception {
        assertThat(get("/swr").header("x-cache")).isEqualTo("MISS");
        clock.advance(Duration.ofSeconds(90));
        // Hold the origin's answer so the background revalidation is still under way for every request below.
        ActiveFault hold = origin.faults().add(new FaultRule.SlowFirstByte(20_000), Scope.onPath("/swr"));

        for (int i = 0; i < 5; i++) {
            Response stale = get("/swr", "Range: bytes=0-99");
            assertThat(stale.header("x-cache")).isEqualTo("STALE");
            assertThat(stale.body()).isEqualTo(of(FILE, 0, 100));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.stats().requests("/swr") == 2);
        hold.clear();

        await().atMost(Duration.ofSeconds(10)).until(() -> "HIT".equals(get("/swr").header("x-cache")));
        assertThat(origin.stats().requests("/swr")).isEqualTo(2);
        assertThat(edge.stats().revalidations()).isEqualTo(1);
        assertThat(edge.stats().staleServes()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aBackgroundRevalidationThatBringsANoStoreBodyLeavesNoFileBehind(@TempDir Path parent) throws Exception {
        try (EdgeCdn stored = EdgeCdn.builder("stored.test").origin(origin).clock(clock).storeIn(parent).start()) {
            assertThat(RawHttp.get(stored.address(), "/swr").header("x-cache")).isEqualTo("MISS");
            origin.files().host("/swr", GeneratedFile.of("video.mp4", 300_000, 22), "no-store");
            clock.advance(Duration.ofSeconds(90));

            assertThat(RawHttp.get(stored.address(), "/swr").header("x-cache")).isEqualTo("STALE");
            await().atMost(Duration.ofSeconds(10)).until(() -> origin.stats().requests("/swr") == 2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(storedBodies(parent))
                    .as("stored bodies once the background revalidation brought a no-store one: the stale copy "
                            + "only").hasSize(1));
        }
    }

    @Test
    void flushMakesTheNextRequestAMissAndDeletesTheStoredCopy() throws Exception {
        assertThat(get("/immutable").header("x-cache")).isEqualTo("MISS");
        clock.advance(Duration.ofDays(300));
        assertThat(get("/immutable").header("x-cache")).isEqualTo("HIT");
        assertThat(edge.cache().cachedPaths()).containsExactly("/immutable");

        edge.flush();

        assertThat(edge.cache().cachedPaths()).isEmpty();
        Response cold = get("/immutable");
        assertThat(cold.header("x-cache")).isEqualTo("MISS");
        assertThat(cold.body()).isEqualTo(of(FILE));
        assertThat(origin.stats().requests("/immutable")).isEqualTo(2);
        assertThat(edge.stats()).isEqualTo(new EdgeStats(1, 2, 0, 0, 0));
    }

    @Test
    void rangesFromTheCacheAreByteExactWithFileServerSemantics() throws Exception {
        Response first = get("/immutable", "Range: bytes=299990-");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("x-cache")).isEqualTo("MISS");
        assertThat(first.header("content-range")).isEqualTo("bytes 299990-299999/300000");
        assertThat(first.body()).isEqualTo(of(FILE, 299_990, 10));

        Response middle = get("/immutable", "Range: bytes=65530-131080");
        assertThat(middle.header("x-cache")).isEqualTo("HIT");
        assertThat(middle.header("content-range")).isEqualTo("bytes 65530-131080/300000");
        assertThat(middle.body()).isEqualTo(of(FILE, 65_530, 131_080 - 65_530 + 1));

        Response suffix = get("/immutable", "Range: bytes=-5");
        assertThat(suffix.body()).isEqualTo(of(FILE, 299_995, 5));

        assertThat(get("/immutable", "Range: bytes=300000-").status()).isEqualTo(416);
        Response ifRange = get("/immutable", "Range: bytes=0-9", "If-Range: \"other\"");
        assertThat(ifRange.status()).isEqualTo(200);
        assertThat(ifRange.body()).isEqualTo(of(FILE));
        assertThat(get("/immutable", "If-None-Match: " + FILE.etag()).status()).isEqualTo(304);
        assertThat(origin.stats().requests("/immutable")).isEqualTo(1);
    }

    @Test
    void concurrentMissesShareOneOriginFetch() throws Exception {
        ActiveFault hold = origin.faults().add(new FaultRule.SlowFirstByte(20_000), Scope.onPath("/fresh"));
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                answers.add(clients.submit(() -> get("/fresh")));
            }
            // Every request is in before the origin answers: one leads the fetch, three wait on it.
            await().atMost(Duration.ofSeconds(10)).until(() -> edge.cache().collapsedWaiters() == 3);
            hold.clear();
            for (Future<Response> answer : answers) {
                assertThat(answer.get().body()).isEqualTo(of(FILE));
            }
        }
        assertThat(origin.stats().requests("/fresh")).isEqualTo(1);
        assertThat(edge.stats().misses()).isEqualTo(4);
    }

    @Test
    void noStoreIsServedButNotKept() throws Exception {
        assertThat(get("/nostore").body()).isEqualTo(of(FILE));
        assertThat(get("/nostore").header("x-cache")).isEqualTo("MISS");
        assertThat(edge.cache().cachedPaths()).isEmpty();
        assertThat(origin.stats().requests("/nostore")).isEqualTo(2);
    }

    @Test
    void aBodyTheOriginGzippedIsKeptAndServedAsGzipNotAsTheFilesBytes() throws Exception {
        origin.faults().add(new FaultRule.Gzip(), Scope.onPath("/immutable"));

        Response miss = get("/immutable");
        assertThat(miss.header("x-cache")).isEqualTo("MISS");
        assertThat(miss.header("content-encoding")).as("the origin's Content-Encoding, passed on")
                .isEqualTo("gzip");
        assertThat(gunzip(miss.body())).isEqualTo(of(FILE));

        Response hit = get("/immutable");
        assertThat(hit.header("x-cache")).isEqualTo("HIT");
        assertThat(hit.header("content-encoding")).as("a stored encoded copy keeps saying so").isEqualTo("gzip");
        assertThat(gunzip(hit.body())).isEqualTo(of(FILE));
        assertThat(get("/fresh").header("content-encoding")).as("an identity body has none").isNull();
    }

    @Test
    void missingAtTheOriginIsA404MissAndEdgeFaultsActOnTheEdgesAnswer() throws Exception {
        Response missing = get("/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("x-cache")).isEqualTo("MISS");
        assertThat(edge.stats().originErrors()).isZero();

        edge.faults().add(FaultRule.Status.of(503), Scope.onPath("/immutable").once());
        assertThat(get("/immutable").status()).isEqualTo(503);
        assertThat(get("/immutable").body()).isEqualTo(of(FILE));
    }

    /**
     * An origin failing and the edge faulted at once: the edge's own fault answers, as it does for a copy it holds.
     * Its error went to the client instead (the origin's 503 where the scenario set the edge's 502), and the edge's
     * fault, shown as on, never acted.
     */
    @Test
    void theEdgesOwnFaultAnswersWhenItsOriginFails() throws Exception {
        origin.faults().add(FaultRule.Status.of(503));
        ActiveFault corruptOnce = edge.faults().add(FaultRule.CorruptBytes.at(0), Scope.onPath("/fresh").once());
        ActiveFault edge502 = edge.faults().add(FaultRule.Status.of(502), Scope.onPath("/fresh"));

        Response answer = get("/fresh");

        assertThat(answer.status()).as("the faulted edge's answer while its origin answers 503").isEqualTo(502);
        assertThat(edge502.appliedCount()).as("responses the edge's fault acted on").isEqualTo(1);
        edge502.clear();
        assertThat(get("/fresh").status()).as("the origin's error, once the edge's answer fault is gone")
                .isEqualTo(503);
        assertThat(corruptOnce.appliedCount()).as("a body fault, on errors with no file behind them").isZero();
        origin.faults().clear();
        assertThat(get("/fresh").status()).as("the file, once the origin is back").isEqualTo(200);
        assertThat(corruptOnce.appliedCount()).as("the body fault, kept for the first answer with a body")
                .isEqualTo(1);
    }

    private static List<Path> storedBodies(Path parent) throws IOException {
        try (Stream<Path> files = Files.walk(parent)) {
            return files.filter(f -> f.getFileName().toString().startsWith("obj-")).toList();
        }
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    /**
     * An origin's absurd {@code Age} overflowed the edge's date arithmetic (now less the age), and the client
     * got a 500. RFC 9111 §1.2.2: a delta too large to work with counts as 2^31 seconds.
     */
    @Test
    void anAbsurdOriginAgeIsTakenAsTwoToTheThirtyFirstSeconds() throws Exception {
        byte[] body = "aged body".getBytes(StandardCharsets.US_ASCII);
        HttpServer aged = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aged.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Age", exchange.getRequestURI().getPath().substring(1));
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=60");
            exchange.getResponseHeaders().set("ETag", "\"aged\"");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        aged.start();
        try (EdgeCdn agedEdge = EdgeCdn.builder("aged.test").origin(URI.create("http://127.0.0.1:"
                + aged.getAddress().getPort())).clock(clock).originTimeout(Duration.ofSeconds(10)).start()) {
            for (String age : new String[]{"9223372036854775807", "99999999999999999999", "2147483649"}) {
                Response r = RawHttp.get(agedEdge.address(), "/" + age);
                assertThat(r.status()).as("status for an origin Age of %s", age).isEqualTo(200);
                assertThat(r.body()).as("body for an origin Age of %s", age).isEqualTo(body);
                assertThat(r.header("age")).as("Age passed on for an origin Age of %s", age)
                        .isEqualTo("2147483648");
            }
            assertThat(RawHttp.get(agedEdge.address(), "/00000000000060").header("age"))
                    .as("leading zeros do not make an age large").isEqualTo("60");
        } finally {
            aged.stop(0);
        }
    }

    private Response get(String path, String... headers) throws IOException {
        return RawHttp.get(edge.address(), path, headers);
    }
}
