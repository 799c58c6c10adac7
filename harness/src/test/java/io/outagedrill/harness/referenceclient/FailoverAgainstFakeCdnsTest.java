package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.Manifests;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.topology.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference client against a {@link Topology} over HTTPS, through each provider's proxy: one mirror misbehaves per test, the other is healthy,
 * and the file must arrive verified with the misbehaviour named in the client's events.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverAgainstFakeCdnsTest {
    private static final long CHUNK = 256 * 1024;

    @TempDir
    Path dir;

    private static final String FILE = "clip.mp4";
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    private Topology topology;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        topology = Topology.builder().seed(1234).provider("cloudflare").provider("fastly").file(FILE, 4L << 20, CHUNK)
                .start();
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    private DownloadResult download(TransferConfig.Builder config) throws IOException {
        return Downloader.builder().httpClient(TopologyClients.http(topology)).listener(events::add)
                .config(config.seed(3).backoffBase(Duration.ofMillis(20)).stallTimeout(Duration.ofMillis(500)).build())
                .build().download(TopologyClients.verified(topology, FILE), DownloadRequest.into(dir.resolve("out")));
    }

    private void assertVerified(DownloadResult result) throws IOException {
        assertThat(Sha256.ofFile(result.path())).as(transcript()).isEqualTo(topology.file(FILE).sha256());
    }

    private String transcript() {
        StringBuilder text = new StringBuilder("events:\n");
        events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .forEach(e -> text.append("  ").append(e.describe()).append('\n'));
        return text.toString();
    }

    private void assertFailure(String mirror, FailureKind kind) {
        Predicate<DownloadEvent> match = e -> e instanceof DownloadEvent.MirrorFailed f
                && f.mirror().equals(mirror) && f.kind() == kind;
        assertThat(events).as("a %s failure of %s; %s", kind, mirror, transcript()).anyMatch(match);
    }

    @Test
    void aMirrorWithACertificateForTheWrongHostIsRefusedAndTheOtherServes() throws IOException {
        topology.tls("cloudflare").present(CertificateKind.WRONG_HOST);
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.TLS);
    }

    @Test
    void expiredAndSelfSignedCertificatesAreRefused() throws IOException {
        topology.tls("cloudflare").present(CertificateKind.EXPIRED);
        topology.tls("fastly").present(CertificateKind.SELF_SIGNED);
        assertThatThrownBy(() -> download(TransferConfig.builder().maxRetriesPerMirror(0)))
                .hasMessageContaining("no mirror can serve clip.mp4");
        assertFailure("cloudflare.test", FailureKind.TLS);
        assertFailure("fastly.test", FailureKind.TLS);
        assertThat(dir.resolve("out/clip.mp4")).doesNotExist();
    }

    @Test
    void corruptBytesOnTheWireAreCaughtByTheChunkHashAndBlamedOnTheirMirror() throws IOException {
        topology.http("cloudflare").add(FaultRule.CorruptBytes.at(5 * CHUNK + 77));
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertThat(events).as(transcript()).anyMatch(e -> e instanceof DownloadEvent.ChunkRejected r
                && r.mirror().equals("cloudflare.test") && r.chunk() == 5);
    }

    @Test
    void aMirrorThatStallsMidChunkIsReplaced() throws IOException {
        topology.http("cloudflare").add(FaultRule.Stall.after(100_000));
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.STALL);
    }

    @Test
    void aMirrorThatIgnoresRangeStillDeliversVerifiedChunks() throws IOException {
        topology.http("cloudflare").add(new FaultRule.IgnoreRange());
        topology.http("fastly").add(FaultRule.Status.of(503));
        assertVerified(download(TransferConfig.builder().policy("parallel")));
    }

    @Test
    void aRedirectOffTheManifestIsRefused() throws IOException {
        topology.http("cloudflare").add(FaultRule.Redirect.found("https://evil.test/clip.mp4"));
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.REDIRECT_OFF_MANIFEST);
    }

    @Test
    void endlessDataIsCutAndBlamed() throws IOException {
        topology.http("cloudflare").add(FaultRule.Endless.upTo64MiB());
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.TOO_MUCH_DATA);
    }

    @Test
    void gzipIsRefusedNotDecoded() throws IOException {
        topology.http("cloudflare").add(new FaultRule.Gzip());
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.CONTENT_ENCODING);
    }

    @Test
    void contentSwappedMidDownloadIsNoticedByItsETag() throws IOException {
        topology.http("cloudflare").add(
                new FaultRule.SwapContent(GeneratedFile.of("clip-v2.mp4", 4L << 20, 99)), Scope.all().afterRequests(3));
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.ETAG_CHANGED);
    }

    @Test
    void expiredAndRolledBackManifestsAreRejectedWithTheirReasons() throws IOException {
        ManifestService manifests = topology.manifests();
        List<Mirror> mirrors = TopologyClients.verified(topology, FILE).manifest().target().mirrors();
        manifests.publish("/v5.jws", Manifests.forContent(topology.file(FILE), CHUNK, mirrors, LATER, 5));
        manifests.publish("/v3.jws", Manifests.forContent(topology.file(FILE), CHUNK, mirrors, LATER, 3));
        manifests.publish("/expired.jws", Manifests.forContent(topology.file(FILE), CHUNK, mirrors,
                Instant.parse("2020-01-01T00:00:00Z"), 6));
        FileVersionStore versions = new FileVersionStore(dir.resolve("versions.json"));
        ManifestFetcher fetcher = new ManifestFetcher(TopologyClients.http(topology),
                TopologyClients.verifier(topology, versions), events::add, Clock.systemUTC());

        assertThat(fetcher.fetch(manifests.urls("/v5.jws")).manifest().version()).isEqualTo(5);
        assertThatThrownBy(() -> fetcher.fetch(manifests.urls("/v3.jws")))
                .isInstanceOfSatisfying(ManifestRejectedException.class, e ->
                        assertThat(e.reason()).isEqualTo(ManifestRejectedException.Reason.ROLLBACK));
        assertThatThrownBy(() -> fetcher.fetch(manifests.urls("/expired.jws")))
                .isInstanceOfSatisfying(ManifestRejectedException.class, e ->
                        assertThat(e.reason()).isEqualTo(ManifestRejectedException.Reason.EXPIRED));
        // A replica that is down does not stop the client when another one answers.
        manifests.fault("manifests-a.test", new ReplicaFault.Unavailable());
        assertThat(fetcher.fetch(manifests.urls("/v5.jws")).manifest().version()).isEqualTo(5);
        assertThat(events).anyMatch(e -> e instanceof DownloadEvent.ManifestRejected r
                && r.source().startsWith("https://manifests-a.test:"));
    }
}
