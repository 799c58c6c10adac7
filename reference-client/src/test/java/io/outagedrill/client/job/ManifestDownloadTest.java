package io.outagedrill.client.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.metrics.DownloadMetrics;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestDownloadTest {
    private static final byte[] CONTENT = "twelve bytes".getBytes();

    @TempDir
    Path dir;

    private final ManifestVerifier verifier = new ManifestVerifier(TrustStore.of(new JWKSet()),
            new InMemoryVersionStore(), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.STRICT);

    private ManifestDownload job() {
        Downloader downloader = Downloader.builder().config(TransferConfig.builder().seed(1).build()).build();
        return ManifestDownload.builder().verifier(verifier).downloader(downloader).httpClient(new OkHttpClient())
                .build();
    }

    @Test
    void aManifestNoKeyVerifiesIsARejectionWithExitCode3() {
        JobOutcome outcome = job().run(ManifestSource.signed("not.a.jws".getBytes(), "inline"),
                DownloadRequest.into(dir));

        assertThat(outcome).isInstanceOf(JobOutcome.Rejected.class);
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(outcome.failure()).containsInstanceOf(ManifestRejectedException.class);
        assertThatThrownBy(outcome::orThrow).isInstanceOf(ManifestRejectedException.class);
    }

    @Test
    void aRefusedManifestEndsTheDownloadAsFailedForItsListenerSoItsMetricsCountIt() {
        List<DownloadEvent> heard = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DownloadListener listener = heard::add;
        ManifestDownload job = ManifestDownload.builder().verifier(verifier)
                .downloader(Downloader.builder().config(TransferConfig.builder().seed(1).build()).build())
                .httpClient(new OkHttpClient()).listener(listener.and(new DownloadMetrics(registry))).build();

        JobOutcome outcome = job.run(ManifestSource.locations(List.of(dir.resolve("none.jws").toString())),
                DownloadRequest.into(dir));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(heard).as("the events of a download whose manifest was refused")
                .filteredOn(DownloadEvent.Failed.class::isInstance).singleElement()
                .satisfies(failed -> assertThat(failed.describe()).contains("none.jws"));
        assertThat(registry.get("outagedrill.client.downloads").tags("outcome", "failed").counter().count())
                .as("failed downloads counted by DownloadMetrics").isEqualTo(1);
    }

    @Test
    void aManifestFileThatIsNotThereIsARejectionToo() {
        JobOutcome outcome = job().run(ManifestSource.locations(List.of(dir.resolve("none.jws").toString())),
                DownloadRequest.into(dir));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(outcome.failure().orElseThrow()).hasMessageContaining("none.jws");
    }

    @Test
    void anOfflineDownloadOfAFileNotCachedFailsWithExitCode5() {
        JobOutcome outcome = job().run(ManifestSource.verified(manifest()), DownloadRequest.into(dir).offline(true));

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> assertThat(
                failed.error().reason()).isEqualTo(DownloadFailedException.Reason.NOT_IN_CACHE));
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OFFLINE_NOT_CACHED);
    }

    /**
     * --offline promises no network: with no kept copy, a manifest that is only at a URL is exit 5 at once,
     * without a request (a server that counts them sees none), with or without a manifest cache, and nothing is
     * created in the download folder.
     */
    @Test
    void anOfflineDownloadWithoutAKeptManifestAsksNoServer() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(1);
            String url = "https://127.0.0.1:%d/f.jws".formatted(server.getLocalPort());
            Path into = dir.resolve("not-yet");
            ManifestDownload withCache = ManifestDownload.builder().verifier(verifier).downloader(
                    Downloader.builder().config(TransferConfig.builder().seed(1).build()).build())
                    .httpClient(new OkHttpClient())
                    .manifestCache(new io.outagedrill.client.store.ManifestCache(dir.resolve("kept"))).build();

            // Each job, and what its message says is missing.
            for (var job : java.util.Map.of(job(), "no manifest cache is in use", withCache, "no kept copy")
                    .entrySet()) {
                JobOutcome outcome = job.getKey().run(ManifestSource.locations(List.of(url)),
                        DownloadRequest.into(into).offline(true));

                assertThat(outcome.exitCode()).as("exit code; outcome %s", outcome)
                        .isEqualTo(ExitCodes.OFFLINE_NOT_CACHED);
                assertThat(outcome.failure().orElseThrow()).hasMessageContaining(url)
                        .hasMessageContaining(job.getValue()).hasMessageContaining("offline: no network");
                assertThatThrownBy(server::accept).as("a connection to the manifest's server")
                        .isInstanceOf(java.net.SocketTimeoutException.class);
            }
            assertThat(into).as("the download folder").doesNotExist();
        }
    }

    /**
     * Ctrl-C (an interrupt) while the manifest comes from a server that has not answered yet: the job ends
     * interrupted (exit 130), and the copy is not told as refused ("rejected: unreachable: ClosedByInterruptException")
     * nor the next one tried.
     */
    @Test
    void anInterruptDuringTheManifestFetchEndsTheJobInterruptedNotRejected() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket second = new java.net.ServerSocket(0, 50,
                     java.net.InetAddress.getLoopbackAddress())) {
            List<String> urls = List.of("https://127.0.0.1:%d/f.jws".formatted(silent.getLocalPort()),
                    "https://127.0.0.1:%d/f.jws".formatted(second.getLocalPort()));
            List<DownloadEvent> heard = new CopyOnWriteArrayList<>();
            // drill get's client: TLS over channels, whose reads an interrupt ends. Over OkHttp's own default (the
            // JDK's TLS over plain sockets) an interrupt that came once the TLS handshake had begun went unnoticed
            // until a timeout, 10 s here, and the test lost that race on a loaded machine now and then.
            ManifestDownload job = ManifestDownload.builder().verifier(verifier)
                    .downloader(Downloader.builder().config(TransferConfig.builder().seed(1).build()).build())
                    .httpClient(io.outagedrill.client.transfer.HttpClients.builder(null, okhttp3.Dns.SYSTEM,
                            io.outagedrill.client.transfer.TlsProvider.AUTO).build())
                    .listener(heard::add).build();
            java.util.concurrent.atomic.AtomicReference<JobOutcome> outcome =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread running = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(job.run(ManifestSource.locations(urls), DownloadRequest.into(dir.resolve("out"))));
                } catch (Throwable e) { // an interrupt thrown undeclared (Kotlin code) would end the thread unseen
                    thrown.set(e);
                }
            });
            try (java.net.Socket connected = silent.accept()) { // the fetch is under way: interrupt it there
                running.interrupt();
                running.join(java.time.Duration.ofSeconds(10));
            }

            assertThat(running.isAlive()).as("the job, 10 s after its interrupt").isFalse();
            assertThat(thrown.get()).as("what the job threw").isNull();
            assertThat(outcome.get().exitCode()).as("exit code; outcome %s", outcome.get())
                    .isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(heard).as("events").noneMatch(DownloadEvent.ManifestRejected.class::isInstance)
                    .filteredOn(DownloadEvent.Failed.class::isInstance).singleElement()
                    .satisfies(failed -> assertThat(failed.describe()).contains("interrupted while fetching the "
                            + "manifest from " + urls.getFirst()));
            second.setSoTimeout(1);
            assertThatThrownBy(second::accept).as("a connection to the second copy's server")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void anOfflineDownloadStillReadsAManifestFile() {
        JobOutcome outcome = job().run(ManifestSource.locations(List.of(dir.resolve("none.jws").toString())),
                DownloadRequest.into(dir).offline(true));

        assertThat(outcome.exitCode()).as("a file read, and found missing: a rejection, not 'offline'")
                .isEqualTo(ExitCodes.MANIFEST_REJECTED);
        assertThat(outcome.failure().orElseThrow()).hasMessageContaining("none.jws");
    }

    @Test
    void aFileAlreadyInPlaceIsDownloadedWithoutAnyMirror() throws Exception {
        Files.write(dir.resolve("f.bin"), CONTENT);

        JobOutcome outcome = job().run(ManifestSource.verified(manifest()), DownloadRequest.into(dir));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.orThrow().path()).isEqualTo(dir.resolve("f.bin"));
    }

    @ParameterizedTest
    @CsvSource({"ALL_MIRRORS_FAILED, 1", "DEADLINE, 1", "DESTINATION_EXISTS, 1", "LOCAL_IO, 1", "NO_ROOM, 1", "INTEGRITY, 4",
            "NOT_IN_CACHE, 5", "INTERRUPTED, 130"})
    void eachFailureReasonHasItsExitCode(DownloadFailedException.Reason reason, int code) {
        assertThat(ExitCodes.of(reason)).isEqualTo(code);
    }

    /** A manifest for {@link #CONTENT} on a mirror nobody listens on: any request to it would fail. */
    private static VerifiedManifest manifest() {
        Target target = new Target("f.bin", CONTENT.length, Sha256.of(CONTENT), "", CONTENT.length,
                List.of(Sha256.of(CONTENT)), List.of(new Mirror("nobody", URI.create("https://nobody.test/f.bin"),
                1, "", "")));
        return new VerifiedManifest(new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), 1, List.of()),
                Sha256.of(CONTENT), "test", true, "test");
    }
}
