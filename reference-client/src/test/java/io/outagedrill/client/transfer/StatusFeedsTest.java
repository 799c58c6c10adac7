package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.testing.ScriptedMirror;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Providers' status pages read before a download: an outage reorders, a bad page is reported and changes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
// Alone: one test looks for OkHttp dispatcher threads left alive, which tests running beside it could have.
@Isolated
class StatusFeedsTest {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] CONTENT = TestFiles.bytes(4 * CHUNK + 99, 11);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private final MockWebServer statusPages = new MockWebServer();
    private final AtomicInteger statusRequests = new AtomicInteger();
    private volatile Supplier<MockResponse> cloudflareStatus = () -> status("none", "All Systems Operational");
    private RangeMirror cloudflare;
    private RangeMirror fastly;

    @BeforeEach
    void start() throws IOException {
        statusPages.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                statusRequests.incrementAndGet();
                return request.getTarget().startsWith("/cloudflare/") ? cloudflareStatus.get()
                        : status("none", "All Systems Operational");
            }
        });
        statusPages.start();
        cloudflare = servers.open("cloudflare", CONTENT);
        fastly = servers.open("fastly", CONTENT);
    }

    @AfterEach
    void stop() throws IOException {
        statusPages.close();
    }

    private static MockResponse status(String indicator, String description) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"page":{"id":"p","name":"X","url":"https://status.test"},
                 "status":{"indicator":"%s","description":"%s"}}""".formatted(indicator, description)).build();
    }

    /** Cloudflare first by priority, fastly second, each with its own status page on the same server. */
    private Target target() {
        List<Mirror> mirrors = List.of(
                cloudflare.mirror(1, "cloudflare").withStatus(URI.create(statusPages.url("/cloudflare").toString())),
                fastly.mirror(2, "fastly").withStatus(URI.create(statusPages.url("/fastly").toString())));
        return TestFiles.target("video.bin", CONTENT, CHUNK, mirrors);
    }

    private static TransferConfig.Builder config(String policy) {
        return TransferConfig.builder().policy(policy).seed(3).hedging(false).minSpeed(0)
                .backoffBase(Duration.ofMillis(20)).backoffJitter(0).statusFeedTimeout(Duration.ofMillis(300));
    }

    private DownloadResult download(TransferConfig config) throws IOException {
        DownloadResult result = Downloader.builder().config(config).listener(events).build()
                .download(TestFiles.verified(target(), 1), DownloadRequest.into(dir));
        assertThat(Sha256.ofFile(result.path())).isEqualTo(Sha256.of(CONTENT));
        return result;
    }

    @Test
    void aMajorOutageMakesASequentialDownloadStartOnTheOtherMirror() throws IOException {
        cloudflareStatus = () -> status("major", "Elevated errors");

        download(config("sequential").build());

        assertThat(cloudflare.requests()).as(events.transcript()).isZero();
        assertThat(fastly.requests()).isEqualTo(5);
        assertThat(statusRequests.get()).as("each page read once").isEqualTo(2);
        assertThat(events.of(DownloadEvent.StatusFeedRead.class)).as(events.transcript())
                .anySatisfy(e -> {
                    assertThat(e.provider()).isEqualTo("cloudflare");
                    assertThat(e.indicator()).isEqualTo("major");
                    assertThat(e.triedLast()).isTrue();
                    assertThat(e.describe()).endsWith(
                            "its status page reports a major outage (\"Elevated errors\"); trying it last");
                });
    }

    @Test
    void aMirrorReportedDownIsStillUsedWhenTheOthersFail() throws IOException {
        // The page is wrong: cloudflare is fine and fastly is the broken one. The download must not care.
        cloudflareStatus = () -> status("critical", "Everything is on fire");
        fastly.fault((request, normal) -> new MockResponse.Builder().code(503).build());

        download(config("sequential").maxRetriesPerMirror(0).build());

        assertThat(fastly.requests()).as("tried first").isPositive();
        assertThat(cloudflare.requests()).as("then the mirror the page called down").isPositive();
    }

    @Test
    void inParallelAMajorOutageIsUsedOnlyWhenNoOtherMirrorCanTakeARequest() throws IOException {
        cloudflareStatus = () -> status("major", "Elevated errors");

        download(config("parallel").connections(1).build());

        assertThat(cloudflare.requests()).as(events.transcript()).isZero();
    }

    @Test
    void aMinorIncidentIsReportedAndChangesNothing() throws IOException {
        cloudflareStatus = () -> status("minor", "Slow purges");

        download(config("sequential").build());

        assertThat(fastly.requests()).isZero();
        assertThat(events.of(DownloadEvent.StatusFeedRead.class)).anySatisfy(e -> {
            assertThat(e.indicator()).isEqualTo("minor");
            assertThat(e.triedLast()).isFalse();
        });
    }

    @Test
    void aHungStatusPageDelaysTheDownloadByNoMoreThanTheBoundAndIsReported() throws IOException {
        cloudflareStatus = () -> new MockResponse.Builder().headersDelay(30, TimeUnit.SECONDS)
                .body("{}").build();

        long started = System.nanoTime();
        download(config("sequential").build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("the 300 ms bound, not the page's 30 s").isLessThan(Duration.ofSeconds(10));
        assertThat(events.of(DownloadEvent.StatusFeedIgnored.class)).as(events.transcript()).singleElement()
                .satisfies(e -> {
                    assertThat(e.provider()).isEqualTo("cloudflare");
                    assertThat(e.reason()).isEqualTo("no answer within 300 ms");
                });
        assertThat(fastly.requests()).as("order unchanged: cloudflare first").isZero();
        assertThat(events.all().getLast()).as("nothing told after the download's end: " + events.transcript())
                .isInstanceOf(DownloadEvent.Completed.class);
    }

    /**
     * A status page is often slowest in the very incident it reports. Cloudflare is a blackhole (it takes the
     * request and answers nothing) and its page admits a major outage only after the 300 ms bound: the download
     * has started there, and without the late answer it would sit out its 20 s first-byte limit. The late word cuts
     * that wait once it has lasted the relative-stall floor (500 ms), and fastly serves the file.
     */
    @Test
    void aStatusPageThatAdmitsAnOutageLateCutsTheFirstRequestStillWaitingOnItsMirror() throws IOException {
        cloudflareStatus = () -> new MockResponse.Builder(status("major", "Elevated errors"))
                .headersDelay(800, TimeUnit.MILLISECONDS).build();
        cloudflare.fault((request, normal) -> new MockResponse.Builder(normal).headersDelay(30, TimeUnit.SECONDS)
                .build());

        long started = System.nanoTime();
        download(config("sequential").firstByteTimeout(Duration.ofSeconds(20)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("cut on the late page's word, not at the 20 s first-byte limit: " + events.transcript())
                .isLessThan(Duration.ofSeconds(10));
        assertThat(fastly.requests()).as("fastly served the file").isEqualTo(5);
        assertThat(events.of(DownloadEvent.StatusFeedIgnored.class)).as(events.transcript()).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("no answer within 300 ms"));
        assertThat(events.of(DownloadEvent.StatusFeedRead.class)).as("the late answer, told")
                .anySatisfy(e -> {
                    assertThat(e.provider()).isEqualTo("cloudflare");
                    assertThat(e.indicator()).isEqualTo("major");
                });
        assertThat(events.of(DownloadEvent.MirrorFailed.class)).as(events.transcript()).singleElement()
                .satisfies(e -> {
                    assertThat(e.mirror()).isEqualTo("cloudflare");
                    assertThat(e.reason()).contains("its status page, answering late, admits an outage");
                });
    }

    @Test
    void garbageAndErrorsAreIgnoredWithAReason() throws IOException {
        cloudflareStatus = () -> new MockResponse.Builder().body("<html>maintenance</html>").build();
        download(config("sequential").build());
        assertThat(events.of(DownloadEvent.StatusFeedIgnored.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("not JSON"));

        for (var answer : List.<Supplier<MockResponse>>of(
                () -> new MockResponse.Builder().code(500).build(),
                () -> new MockResponse.Builder().body("{\"status\":{\"indicator\":\"apocalyptic\"}}").build(),
                () -> new MockResponse.Builder().body("{\"status\":{}}").build())) {
            cloudflareStatus = answer;
            java.nio.file.Files.delete(dir.resolve("video.bin"));
            download(config("sequential").build());
        }
        assertThat(events.of(DownloadEvent.StatusFeedIgnored.class)).extracting(DownloadEvent.StatusFeedIgnored::reason)
                .containsExactly("not JSON", "HTTP 500", "unknown status.indicator \"apocalyptic\"",
                        "no status.indicator");
        assertThat(fastly.requests()).as("nothing was reordered").isZero();
    }

    /**
     * A status page whose chunk extension never ends (OkHttp reads that line with no length limit) is cut after its
     * framing budget and ignored with that reason; before, it was read into the heap for the whole bound.
     */
    @Test
    void aStatusPageWhoseChunkFramingNeverEndsIsCutAndIgnored() throws Exception {
        long cap = 96L << 20; // at most; without the budget the client reads it for the whole 300 ms bound
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        try (ScriptedMirror endless = new ScriptedMirror((first, last, n, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000;".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 0; sent < cap; sent += piece.length) { // until the client hangs up, or the cap
                out.write(piece);
            }
        })) {
            List<Mirror> mirrors = List.of(cloudflare.mirror(1, "cloudflare")
                    .withStatus(URI.create(endless.url("/cloudflare"))), fastly.mirror(2, "fastly"));
            DownloadResult result = Downloader.builder().config(config("sequential").build()).listener(events).build()
                    .download(TestFiles.verified(TestFiles.target("video.bin", CONTENT, CHUNK, mirrors), 1),
                            DownloadRequest.into(dir));

            assertThat(Sha256.ofFile(result.path())).isEqualTo(Sha256.of(CONTENT));
            assertThat(events.of(DownloadEvent.StatusFeedIgnored.class)).as(events.transcript()).singleElement()
                    .satisfies(e -> assertThat(e.reason()).startsWith("reading it failed: ")
                            .contains("bytes of framing without a byte of the body"));
            assertThat(endless.written()).as("bytes the page got onto the wire before it was cut").isLessThan(32L << 20);
        }
    }

    @Test
    void switchedOffNoStatusPageIsRead() throws IOException {
        cloudflareStatus = () -> status("major", "Elevated errors");

        download(config("sequential").statusFeeds(false).build());

        assertThat(statusRequests.get()).isZero();
        assertThat(events.of(DownloadEvent.StatusFeedRead.class)).isEmpty();
        assertThat(fastly.requests()).as("manifest order").isZero();
    }

    /**
     * A routing controller's manifest (routed) carries the order it chose after reading the same pages beside its
     * own probes: a page it judged wrong must not undo that order here. Fastly's page cries wolf, the controller kept
     * fastly first: the download keeps it first and reads no page.
     */
    @Test
    void aRoutedManifestKeepsItsOrderAndReadsNoStatusPage() throws IOException {
        cloudflareStatus = () -> status("major", "Partial System Outage");
        VerifiedManifest verified = TestFiles.verified(target(), 2);
        VerifiedManifest routed = new VerifiedManifest(verified.manifest().asRouted(), verified.digest(),
                verified.keyId(), verified.signed(), verified.source());

        DownloadResult result = Downloader.builder().config(config("sequential").build()).listener(events).build()
                .download(routed, DownloadRequest.into(dir));

        assertThat(Sha256.ofFile(result.path())).isEqualTo(Sha256.of(CONTENT));
        assertThat(statusRequests.get()).as("status pages read").isZero();
        assertThat(events.of(DownloadEvent.StatusFeedRead.class)).as(events.transcript()).isEmpty();
        assertThat(fastly.requests()).as("the routed order: cloudflare first, as signed").isZero();
        assertThat(cloudflare.requests()).isEqualTo(5);
    }

    @Test
    void readingStatusPagesLeavesNoThreadThatKeepsTheProcessAlive() throws IOException {
        // OkHttp's default dispatcher threads are non-daemon and idle 60 s: a CLI run or a JMH fork that had read
        // status pages stayed alive for a minute after its download ended.
        download(config("sequential").build());

        assertThat(statusRequests.get()).as("the pages were read").isEqualTo(2);
        assertThat(Thread.getAllStackTraces().keySet()).as("live non-daemon threads after the download")
                .filteredOn(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("OkHttp Dispatcher"))
                .isEmpty();
    }
}
