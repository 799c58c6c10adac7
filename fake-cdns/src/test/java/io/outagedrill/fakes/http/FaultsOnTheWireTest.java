package io.outagedrill.fakes.http;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule.CorruptBytes;
import io.outagedrill.fakes.http.FaultRule.CutShort;
import io.outagedrill.fakes.http.FaultRule.Dribble;
import io.outagedrill.fakes.http.FaultRule.Endless;
import io.outagedrill.fakes.http.FaultRule.Gzip;
import io.outagedrill.fakes.http.FaultRule.IgnoreRange;
import io.outagedrill.fakes.http.FaultRule.Redirect;
import io.outagedrill.fakes.http.FaultRule.SlowFirstByte;
import io.outagedrill.fakes.http.FaultRule.Stall;
import io.outagedrill.fakes.http.FaultRule.Status;
import io.outagedrill.fakes.http.FaultRule.SwapContent;
import io.outagedrill.fakes.http.FaultRule.WrongContentRange;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class FaultsOnTheWireTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 1 << 20, 21);
    static final String PATH = "/v/video.mp4";

    FakeCdn cdn;
    InetSocketAddress at;
    Faults faults;

    @BeforeEach
    void start() {
        cdn = FakeCdn.builder("faulty.test").host(PATH, FILE).host("/other.bin", FILE).start();
        at = cdn.address();
        faults = cdn.faults();
    }

    @AfterEach
    void stop() {
        cdn.close();
    }

    @Test
    void statusReplacesTheFileWithRetryAfterWhenGiven() throws Exception {
        faults.add(Status.tooManyRequests(7), Scope.all().once());
        Response limited = RawHttp.get(at, PATH);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("7");
        assertThat(limited.header("etag")).isNull();

        for (int code : new int[]{500, 502, 503, 504}) {
            ActiveFault fault = faults.add(Status.of(code));
            assertThat(RawHttp.get(at, PATH).status()).isEqualTo(code);
            fault.clear();
        }
        assertThat(RawHttp.get(at, PATH).status()).isEqualTo(200);
    }

    /** RFC 9110 forbids a body in these: a client would read the fault's text as the next response. */
    @Test
    void statusesThatForbidABodyEndAtTheHeaders() throws Exception {
        for (int code : new int[]{204, 205, 304}) {
            ActiveFault fault = faults.add(Status.of(code));
            try (RawHttp http = RawHttp.connect(at)) {
                http.send("GET", PATH);
                Response head = http.readHead();
                byte[] rest = http.readToEnd(); // Connection: close, so this is all the server sent
                assertThat(head.status()).isEqualTo(code);
                assertThat(new String(rest)).as("bytes after the headers of a %d", code).isEmpty();
                assertThat(head.header("content-type")).as("Content-Type of a %d", code).isNull();
                assertThat(head.header("content-length")).as("Content-Length of a %d", code).isIn(null, "0");
            }
            fault.clear();
        }
    }

    @Test
    void onlyFinalStatusesCanBeAskedFor() {
        for (int code : new int[]{99, 100, 101, 199, 600}) {
            assertThatThrownBy(() -> Status.of(code)).as("Status(%d)", code)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("code: expected a final HTTP status between 200 and 599, saw " + code);
        }
        assertThat(Status.of(200).code()).isEqualTo(200);
        assertThat(Status.of(599).code()).isEqualTo(599);
    }

    @Test
    void onlyStatusesThatSendTheClientToTheLocationCanRedirect() {
        // 300 asks the client to choose, 304 is a cache answer without a body, 305 and 306 are retired.
        for (int code : new int[]{300, 304, 305, 306, 309, 399}) {
            assertThatThrownBy(() -> new FaultRule.Redirect("https://elsewhere.test/f", code)).as("Redirect(%d)", code)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("code: expected a redirect status (301, 302, 303, 307 or 308), saw " + code);
        }
        for (int code : new int[]{301, 302, 303, 307, 308}) {
            assertThat(new FaultRule.Redirect("https://elsewhere.test/f", code).code()).isEqualTo(code);
        }
    }

    @Test
    void budgetAndAfterRequestsPickWhichRequestsFail() throws Exception {
        ActiveFault fault = faults.add(Status.of(503), Scope.all().afterRequests(1).times(2));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(RawHttp.get(at, PATH, "Range: bytes=0-0").status());
        }
        assertThat(statuses).containsExactly(206, 503, 503, 206, 206);
        assertThat(fault.appliedCount()).isEqualTo(2);
    }

    @Test
    void aSeededProbabilityFailsTheSameRequestsEveryRun() throws Exception {
        List<Integer> first = statusesUnder(Scope.all().probability(0.3, 1234));
        List<Integer> second = statusesUnder(Scope.all().probability(0.3, 1234));
        assertThat(first).isEqualTo(second);
        assertThat(first.stream().filter(s -> s == 500).count()).isBetween(5L, 20L); // about 12 of 40
        assertThat(statusesUnder(Scope.all().probability(0.3, 99))).isNotEqualTo(first);
    }

    private List<Integer> statusesUnder(Scope scope) throws Exception {
        ActiveFault fault = faults.add(Status.of(500), scope);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(RawHttp.get(at, PATH, "Range: bytes=0-0").status());
        }
        fault.clear();
        return statuses;
    }

    @Test
    void pathScopeMatchesGlobsAndExactPaths() throws Exception {
        faults.add(Status.of(502), Scope.onPath("/v/*.mp4"));
        assertThat(RawHttp.get(at, PATH).status()).isEqualTo(502);
        assertThat(RawHttp.get(at, "/other.bin").status()).isEqualTo(200);
        faults.clear();
        faults.add(Status.of(504), Scope.onPath("/other.bin"));
        assertThat(RawHttp.get(at, PATH).status()).isEqualTo(200);
        assertThat(RawHttp.get(at, "/other.bin").status()).isEqualTo(504);
    }

    @Test
    void byteScopeHitsOnlyRequestsOverlappingIt() throws Exception {
        // Chunk 3 of 64 KiB chunks: a client fetching chunk by chunk sees only that one fail.
        faults.add(Status.of(500), Scope.all().bytes(3 * 65536, 4 * 65536 - 1));
        assertThat(RawHttp.get(at, PATH, "Range: bytes=131072-196607").status()).isEqualTo(206);
        assertThat(RawHttp.get(at, PATH, "Range: bytes=196608-262143").status()).isEqualTo(500);
        assertThat(RawHttp.get(at, PATH, "Range: bytes=262143-262143").status()).isEqualTo(500);
        assertThat(RawHttp.get(at, PATH, "Range: bytes=262144-").status()).isEqualTo(206);
        assertThat(RawHttp.get(at, PATH).status()).isEqualTo(500); // the whole file overlaps too
    }

    @Test
    void ignoreRangeAnswers200WithTheWholeBody() throws Exception {
        faults.add(new IgnoreRange());
        Response r = RawHttp.get(at, PATH, "Range: bytes=100-199");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-range")).isNull();
        assertThat(r.body()).isEqualTo(of(FILE));
    }

    @Test
    void wrongContentRangeLiesInTheHeaderOnly() throws Exception {
        ActiveFault shifted = faults.add(WrongContentRange.shifted(100));
        Response r = RawHttp.get(at, PATH, "Range: bytes=1000-1999");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes 1100-2099/1048576");
        assertThat(r.body()).isEqualTo(of(FILE, 1000, 1000));
        shifted.clear();
        faults.add(WrongContentRange.total(999));
        assertThat(RawHttp.get(at, PATH, "Range: bytes=0-9").header("content-range")).isEqualTo("bytes 0-9/999");
    }

    @Test
    void cutShortClosesTheConnectionAfterExactlyNBodyBytes() throws Exception {
        faults.add(new CutShort(70_000));
        Response r = RawHttp.get(at, PATH, "Range: bytes=1000-200999");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-length")).isEqualTo("200000");
        assertThat(r.truncated()).isTrue();
        assertThat(r.body()).isEqualTo(of(FILE, 1000, 70_000));
    }

    @Test
    void endlessSendsPastTheRangeAndTheFileThenStopsAtItsBound() throws Exception {
        faults.add(new Endless(3L << 20));
        Response r = RawHttp.get(at, PATH, "Range: bytes=1048000-1048575");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes 1048000-1048575/1048576");
        assertThat(r.header("content-length")).isNull();
        assertThat(r.truncated()).isFalse();
        assertThat(r.body()).hasSize(3 << 20);
        assertThat(java.util.Arrays.copyOf(r.body(), 576)).isEqualTo(of(FILE, 1_048_000, 576));
        // Past the end of the file the bytes wrap to its start.
        assertThat(java.util.Arrays.copyOfRange(r.body(), 576, 1576)).isEqualTo(of(FILE, 0, 1000));
    }

    @Test
    void corruptInvertsExactlyTheGivenAbsoluteOffsets() throws Exception {
        faults.add(CorruptBytes.at(5, 70_000, 1_000_000));
        Response whole = RawHttp.get(at, PATH);
        byte[] expected = of(FILE);
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (whole.body()[i] != expected[i]) {
                differing.add(i);
                assertThat(whole.body()[i]).isEqualTo((byte) ~expected[i]);
            }
        }
        assertThat(differing).containsExactly(5, 70_000, 1_000_000);

        Response ranged = RawHttp.get(at, PATH, "Range: bytes=69990-70009");
        byte[] part = of(FILE, 69_990, 20);
        part[10] = (byte) ~part[10];
        assertThat(ranged.body()).isEqualTo(part);
    }

    @Test
    void swapContentServesAnotherFileWithAnotherEtagAfterNRequests() throws Exception {
        GeneratedFile other = GeneratedFile.of("video.mp4", 500_000, 22);
        faults.add(new SwapContent(other), Scope.all().afterRequests(2));
        Response one = RawHttp.get(at, PATH);
        Response two = RawHttp.get(at, PATH);
        Response three = RawHttp.get(at, PATH);
        assertThat(one.header("etag")).isEqualTo(FILE.etag()).isEqualTo(two.header("etag"));
        assertThat(three.header("etag")).isEqualTo(other.etag()).isNotEqualTo(FILE.etag());
        assertThat(three.body()).isEqualTo(of(other));
        // A resume pinned to the old ETag gets the whole new file, not a spliced range.
        Response resumed = RawHttp.get(at, PATH, "Range: bytes=10-", "If-Range: " + FILE.etag());
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body()).hasSize(500_000);
    }

    @Test
    void redirectSendsLocationAndNoFile() throws Exception {
        faults.add(Redirect.found("https://elsewhere.test/v/video.mp4"));
        Response r = RawHttp.get(at, PATH);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("location")).isEqualTo("https://elsewhere.test/v/video.mp4");
    }

    @Test
    void gzipReallyCompressesAndTheBodyDecodesToTheOriginal() throws Exception {
        faults.add(new Gzip());
        Response r = RawHttp.get(at, PATH, "Range: bytes=0-99999");
        assertThat(r.header("content-encoding")).isEqualTo("gzip");
        assertThat(r.header("content-length")).isNull();
        assertThat(r.body()).isNotEqualTo(of(FILE, 0, 100_000));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(of(FILE, 0, 100_000));
        }
    }

    @Test
    void slowFirstByteDelaysTheHeadersAndClearingEndsTheWait() throws Exception {
        ActiveFault slow = faults.add(new SlowFirstByte(300));
        long started = System.nanoTime();
        assertThat(RawHttp.get(at, PATH, "Range: bytes=0-0").status()).isEqualTo(206);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        slow.clear();

        ActiveFault forever = faults.add(new SlowFirstByte(600_000));
        CompletableFuture<Response> pending = CompletableFuture.supplyAsync(() -> get("Range: bytes=0-0"));
        await().atMost(Duration.ofSeconds(5)).until(() -> forever.appliedCount() == 1);
        assertThat(pending).isNotDone();
        forever.clear();
        assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(206);
    }

    @Test
    void dribbleSendsNBytesPerInterval() throws Exception {
        faults.add(new Dribble(100, 25));
        long started = System.nanoTime();
        Response r = RawHttp.get(at, PATH, "Range: bytes=0-999");
        // Ten pieces with a pause after each: at least nine full intervals.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(225));
        assertThat(r.body()).isEqualTo(of(FILE, 0, 1000));
    }

    @Test
    void stallHoldsAfterNBytesUntilClearedThenSendsTheRest() throws Exception {
        ActiveFault stall = faults.add(Stall.after(5000));
        try (RawHttp http = RawHttp.connect(at)) {
            http.send("GET", PATH, "Range: bytes=0-99999");
            Response head = http.readHead();
            assertThat(head.status()).isEqualTo(206);
            byte[] before = http.readUpTo(5000);
            assertThat(before).isEqualTo(of(FILE, 0, 5000));
            http.socket().setSoTimeout(300);
            assertThatThrownBy(() -> http.readUpTo(1)).isInstanceOf(SocketTimeoutException.class);
            stall.clear();
            http.socket().setSoTimeout(5000);
            assertThat(http.readUpTo(95_000)).isEqualTo(of(FILE, 5000, 95_000));
        }
    }

    @Test
    void stallClosesTheConnectionWhenItsMaxHoldRunsOut() throws Exception {
        faults.add(new Stall(1000, 200));
        Response r = RawHttp.get(at, PATH, "Range: bytes=0-9999");
        assertThat(r.truncated()).isTrue();
        assertThat(r.body()).isEqualTo(of(FILE, 0, 1000));
    }

    @Test
    void rulesAddedWhileADownloadRunsAffectTheNextRequest() throws Exception {
        assertThat(RawHttp.get(at, PATH, "Range: bytes=0-9").status()).isEqualTo(206);
        ActiveFault outage = faults.add(Status.of(503));
        assertThat(RawHttp.get(at, PATH, "Range: bytes=10-19").status()).isEqualTo(503);
        outage.clear();
        assertThat(outage.isCleared()).isTrue();
        assertThat(faults.active()).isEmpty();
        assertThat(RawHttp.get(at, PATH, "Range: bytes=20-29").status()).isEqualTo(206);
    }

    @Test
    void slowFirstByteCombinesWithAStatusAddedAfterIt() throws Exception {
        faults.add(new SlowFirstByte(200));
        faults.add(Status.of(503));
        long started = System.nanoTime();
        assertThat(RawHttp.get(at, PATH).status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void listenersHearEachFaultActedOutWithPathAndSpan() throws Exception {
        List<FaultEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        faults.addListener(events::add);
        ActiveFault fault = faults.add(Status.of(503), Scope.all().once());
        RawHttp.get(at, PATH, "Range: bytes=0-99");
        RawHttp.get(at, PATH, "Range: bytes=0-99");
        assertThat(events).containsExactly(new FaultEvent(fault.id(), Status.of(503), PATH, new ByteRange(0, 99)));
        assertThat(events.getFirst().describe()).contains("503", PATH, "0-99");
    }

    @Test
    void rulesSwitchSafelyUnderConcurrentDownloads() throws Exception {
        List<java.util.concurrent.Future<Response>> results = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                long first = (i % 16) * 65536L;
                results.add(pool.submit(() -> RawHttp.get(at, PATH, "Range: bytes=" + first + "-" + (first + 65535))));
                if (i % 8 == 0) {
                    faults.add(Status.of(503)).clear();
                    faults.add(Status.of(503), Scope.all().once());
                }
            }
        }
        int failed = 0;
        for (int i = 0; i < results.size(); i++) {
            Response r = results.get(i).get();
            if (r.status() == 503) {
                failed++;
            } else {
                assertThat(r.status()).isEqualTo(206);
                assertThat(r.body()).isEqualTo(of(FILE, (i % 16) * 65536L, 65536));
            }
        }
        assertThat(failed).isEqualTo(8); // each once-rule failed exactly one request
    }

    private Response get(String... headers) {
        try {
            return RawHttp.get(at, PATH, headers);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
