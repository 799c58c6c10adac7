package io.outagedrill.client.transfer;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.job.JobOutcome;
import io.outagedrill.client.job.ManifestDownload;
import io.outagedrill.client.job.ManifestSource;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.store.ManifestCache;
import mockwebserver3.Dispatcher;
import org.awaitility.Awaitility;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Stale-while-revalidate: a kept manifest starts the download at once; a newer one is kept for next time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManifestKeptCopyTest {
    private static final byte[] CONTENT = TestFiles.bytes(200_000, 9);

    @TempDir
    Path dir;

    @RegisterExtension
    final RangeMirrors servers = new RangeMirrors();

    private final RecordingListener events = new RecordingListener();
    private final MockWebServer manifests = new MockWebServer();
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicReference<MockResponse> override = new AtomicReference<>();
    private final VersionStore versions = VersionStore.inMemory();
    private RangeMirror mirror;
    private JWK key;
    private ManifestCache cache;

    @BeforeEach
    void setUp() throws IOException {
        mirror = servers.open("fastly", CONTENT);
        key = ManifestKeys.generate(ManifestAlgorithm.ES256, "k1");
        manifests.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse answer = override.get();
                return answer != null ? answer : new MockResponse.Builder().code(200).body(served.get()).build();
            }
        });
        manifests.start();
        cache = new ManifestCache(dir.resolve("cache/manifests"));
    }

    @AfterEach
    void close() throws IOException {
        manifests.close();
    }

    private void publish(long version, Instant expires) {
        Target target = TestFiles.target("video.bin", CONTENT, 64 * 1024, List.of(mirror.mirror()));
        served.set(new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP)
                .sign(new Manifest(target, expires, version, List.of())));
    }

    private JobOutcome get(String into, Clock clock) throws IOException {
        Path out = Files.createDirectories(dir.resolve(into));
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet(key.toPublicJWK())), versions,
                clock, Duration.ZERO, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        Downloader downloader = Downloader.builder().config(TransferConfig.builder().allowPlainHttp(true)
                .minSpeed(0).build()).listener(events).clock(clock).build();
        return ManifestDownload.builder().verifier(verifier).downloader(downloader).httpClient(new OkHttpClient())
                .listener(events).clock(clock).manifestCache(cache).build()
                .run(ManifestSource.locations(List.of(manifests.url("/video.jws").toString())),
                        DownloadRequest.into(out));
    }

    private long keptVersion() throws IOException {
        String jws = new String(cache.read(List.of(manifests.url("/video.jws").toString())).orElseThrow());
        return ManifestJson.parse(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
                ManifestJson.Options.ALLOW_PLAIN_HTTP).version();
    }

    @Test
    void theSecondDownloadStartsFromTheKeptCopyAndKeepsTheNewerOneForNextTime() throws IOException {
        publish(1, Instant.now().plus(Duration.ofDays(1)));
        assertThat(get("first", Clock.systemUTC())).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.ManifestFromCache.class)).as("nothing kept yet").isEmpty();
        assertThat(keptVersion()).isEqualTo(1);

        publish(2, Instant.now().plus(Duration.ofDays(1)));
        JobOutcome second = get("second", Clock.systemUTC());

        assertThat(second).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.ManifestFromCache.class)).singleElement()
                .satisfies(e -> assertThat(e.version()).isEqualTo(1));
        assertThat(events.of(DownloadEvent.ManifestRevalidated.class)).as(events.transcript()).singleElement()
                .satisfies(e -> {
                    assertThat(e.newer()).isTrue();
                    assertThat(e.version()).isEqualTo(2);
                });
        assertThat(keptVersion()).as("the job waited for the newer copy before it ended").isEqualTo(2);
    }

    /**
     * A library caller's listener hears the download's completed event last, even when the background fetch of a
     * kept manifest answers only after the file is in place: that fetch's word (revalidated) came after the final
     * one, which the caller takes as the end of the job.
     */
    @Test
    void theCompletedEventIsTheLastEventEvenWhenTheManifestsRevalidationAnswersAfterTheDownload()
            throws IOException {
        publish(1, Instant.now().plus(Duration.ofDays(1)));
        assertThat(get("first", Clock.systemUTC())).isInstanceOf(JobOutcome.Downloaded.class);
        Path file = dir.resolve("second/video.bin");
        manifests.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // The revalidation is answered once the download has put its file in place (and said so, unheld).
                Awaitility.await("the download's file in place").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5)).until(() -> Files.exists(file));
                return new MockResponse.Builder().code(200).body(served.get()).build();
            }
        });
        int before = events.all().size();

        assertThat(get("second", Clock.systemUTC())).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);

        List<DownloadEvent> second = events.all().subList(before, events.all().size());
        assertThat(second).as("the second job's events; all:%n%s", events.transcript())
                .anySatisfy(e -> assertThat(e).isInstanceOf(DownloadEvent.ManifestRevalidated.class));
        assertThat(second.getLast()).as("the last event of the second job; all:%n%s", events.transcript())
                .isInstanceOf(DownloadEvent.Completed.class);
    }

    @Test
    void anExpiredCopyIsNeverUsedAndIsReplaced() throws IOException {
        publish(1, Instant.now().plus(Duration.ofHours(1)));
        get("first", Clock.systemUTC());
        publish(2, Instant.now().plus(Duration.ofDays(3)));

        Clock twoHoursLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        JobOutcome later = get("later", twoHoursLater);

        assertThat(later).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.ManifestFromCache.class)).isEmpty();
        assertThat(keptVersion()).isEqualTo(2);
    }

    @Test
    void whenTheManifestServiceIsDownTheKeptCopyStillServesAndStaysKept() throws IOException {
        publish(1, Instant.now().plus(Duration.ofDays(1)));
        get("first", Clock.systemUTC());
        override.set(new MockResponse.Builder().code(503).build());

        JobOutcome during = get("during-outage", Clock.systemUTC());

        assertThat(during).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.ManifestRevalidated.class)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).startsWith("could not fetch a newer one"));
        assertThat(keptVersion()).isEqualTo(1);
    }

    @Test
    void aTamperedCopyIsRefusedDroppedAndTheManifestFetched() throws IOException {
        publish(1, Instant.now().plus(Duration.ofDays(1)));
        get("first", Clock.systemUTC());
        Path kept = cache.file(List.of(manifests.url("/video.jws").toString()));
        String jws = Files.readString(kept);
        Files.writeString(kept, jws.substring(0, jws.length() - 4) + "AAAA");

        JobOutcome next = get("next", Clock.systemUTC());

        assertThat(next).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.ManifestFromCache.class)).isEmpty();
        assertThat(Files.readString(kept)).isEqualTo(jws);
    }

    /** A cache that cannot keep the manifest costs nothing now, and says so instead of failing later, offline. */
    @Test
    void aManifestThatCannotBeKeptIsSaidAndTheDownloadStillSucceeds() throws IOException {
        Files.createDirectories(dir.resolve("cache"));
        Files.writeString(dir.resolve("cache/manifests"), "a file where the cache's folder should be");
        publish(1, Instant.now().plus(Duration.ofDays(1)));

        JobOutcome outcome = get("first", Clock.systemUTC());

        assertThat(outcome).as(events.transcript()).isInstanceOf(JobOutcome.Downloaded.class);
        assertThat(events.of(DownloadEvent.CacheSkipped.class)).as(events.transcript()).singleElement()
                .satisfies(e -> assertThat(e.describe()).startsWith("the manifest of video.bin not kept in the local "
                        + "cache: could not keep it in " + dir.resolve("cache/manifests")));
    }
}
