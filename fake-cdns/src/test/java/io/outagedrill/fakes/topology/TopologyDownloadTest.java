package io.outagedrill.fakes.topology;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.dns.DnsFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.tls.CertificateKind;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.outagedrill.fakes.network.ToxicSpec;
import java.io.IOException;
import java.util.Map;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reference client against a {@link Topology}: it fetches the signed manifest from the replicas,
 * downloads through every provider's proxy, and reacts to each handle's fault the way it should.
 */
@Timeout(60)
class TopologyDownloadTest {
    static final String FILE = "video.mp4";
    static final long CHUNK = 1 << 20;

    @TempDir
    Path dir;

    private Topology topology;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    private Topology start() {
        topology = Topology.builder().seed(42)
                .provider("cloudflare", p -> p.region("eu-west").group("cloudflare"))
                .provider("fastly")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).group("backblaze"))
                .file(FILE, 8L << 20, CHUNK)
                .start();
        return topology;
    }

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
        }
    }

    /** The way an app would wire the client: resolve through the topology, trust its CA and nothing else. */
    private OkHttpClient http(Dns dns) throws IOException {
        return HttpClients.trustOnly(new OkHttpClient.Builder(), topology.caCertificate()).dns(dns).build();
    }

    private DownloadResult download(Dns dns, TransferConfig.Builder config) throws IOException {
        OkHttpClient http = http(dns);
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        VerifiedManifest manifest = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(FILE));
        return Downloader.builder().httpClient(http).listener(events::add)
                .config(config.seed(3).backoffBase(Duration.ofMillis(20)).stallTimeout(Duration.ofMillis(500))
                        .firstByteTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build())
                .build().download(manifest, DownloadRequest.into(dir.resolve("out")));
    }

    private DownloadResult download(TransferConfig.Builder config) throws IOException {
        return download(topology.dns()::lookup, config);
    }

    private void assertVerified(DownloadResult result) throws IOException {
        assertThat(Sha256.ofFile(result.path())).as(transcript()).isEqualTo(topology.file(FILE).sha256());
    }

    private void assertFailure(String mirror, FailureKind... kinds) {
        Set<FailureKind> wanted = Set.of(kinds);
        assertThat(events).as("a %s failure of %s; %s", wanted, mirror, transcript())
                .anyMatch(e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(mirror)
                        && wanted.contains(f.kind()));
    }

    private String transcript() {
        StringBuilder text = new StringBuilder("events:\n");
        events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .forEach(e -> text.append("  ").append(e.describe()).append('\n'));
        return text.toString();
    }

    @Test
    void theClientDownloadsThroughEveryProxyAndVerifies() throws IOException {
        start();
        DownloadResult result = download(HttpClients.resolving(topology.resolve()),
                TransferConfig.builder().policy("parallel").hedging(false));

        assertVerified(result);
        assertThat(events).as(transcript()).anyMatch(e -> e instanceof DownloadEvent.ManifestAccepted a
                && a.source().equals(topology.manifestUrls(FILE).getFirst()));
        // Every provider served bytes, and each server saw them arrive from its proxy, not from the client.
        for (Provider provider : topology.providers()) {
            assertThat(events).as("%s served a chunk; %s", provider.hostname(), transcript())
                    .anyMatch(e -> e instanceof DownloadEvent.ChunkVerified v && v.mirror().equals(provider.hostname()));
            assertThat(topology.server(provider.name()).port()).isNotEqualTo(provider.address().getPort());
        }
    }

    @Test
    void theManifestListsEachProviderAtItsProxyWithItsGroupAndRegion() throws IOException {
        start();
        OkHttpClient http = http(topology.dns()::lookup);
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        List<Mirror> mirrors = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(FILE)).manifest().target().mirrors();

        assertThat(mirrors).extracting(Mirror::provider, Mirror::group, Mirror::region).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cloudflare", "cloudflare", "eu-west"),
                org.assertj.core.groups.Tuple.tuple("fastly", "fastly", ""),
                org.assertj.core.groups.Tuple.tuple("b2", "backblaze", ""));
        assertThat(mirrors).extracting(Mirror::url).containsExactlyElementsOf(topology.mirrorUrls(FILE));
        assertThat(topology.mirrorUrls(FILE).get(2).getPath()).isEqualTo("/outage-drill/video.mp4");
        assertThat(topology.mirrorUrls(FILE).getFirst().toString())
                .isEqualTo("https://cloudflare.test:" + topology.provider("cloudflare").address().getPort() + "/video.mp4");
    }

    @Test
    void aBlackholeOnOneProxyMidTransferMakesTheClientFailOver() throws IOException {
        start();
        AtomicBoolean broken = new AtomicBoolean();
        // Break cloudflare's network once it has proved it works: a timeout toxic of 0 swallows every byte
        // from then on, on open connections too, without closing anything.
        Consumer<DownloadEvent> breakAfterFirstChunk = event -> {
            if (event instanceof DownloadEvent.ChunkVerified v && v.mirror().equals("cloudflare.test")
                    && broken.compareAndSet(false, true)) {
                topology.network().addToxic("cloudflare", ToxicSpec.of("blackhole", "timeout",
                        ToxicSpec.Stream.DOWNSTREAM, Map.of("timeout", 0)));
            }
        };
        events.clear();
        OkHttpClient http = http(topology.dns()::lookup);
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        VerifiedManifest manifest = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(FILE));
        DownloadResult result = Downloader.builder().httpClient(http)
                .listener(event -> {
                    events.add(event);
                    breakAfterFirstChunk.accept(event);
                })
                .config(TransferConfig.builder().policy("sequential").seed(3).backoffBase(Duration.ofMillis(20))
                        .stallTimeout(Duration.ofMillis(500)).firstByteTimeout(Duration.ofSeconds(1))
                        .connectTimeout(Duration.ofSeconds(1)).build())
                .build().download(manifest, DownloadRequest.into(dir.resolve("out")));

        assertThat(broken).as(transcript()).isTrue();
        assertVerified(result);
        assertFailure("cloudflare.test", FailureKind.STALL, FailureKind.FIRST_BYTE_TIMEOUT);
        assertThat(events).as(transcript()).anyMatch(e -> e instanceof DownloadEvent.MirrorSwitched s
                && s.from().equals("cloudflare.test"));
        assertThat(topology.network().toxics("cloudflare")).extracting(ToxicSpec::name).containsExactly("blackhole");
    }

    @Test
    void aCorruptToxicOverHttpsBreaksTlsRecordsAndNeverPassesWrongBytes() throws IOException {
        start();
        // The proxy relays TCP: over HTTPS it flips ciphertext, which TLS refuses, so the client sees a
        // connection error on fastly and never a chunk with wrong bytes (docs/topology.md says so).
        topology.network().addToxic("fastly", ToxicSpec.of("flip", "corrupt", ToxicSpec.Stream.DOWNSTREAM,
                Map.of("probability", 0.0001, "seed", 7)));
        assertVerified(download(TransferConfig.builder().policy("parallel").hedging(false)));

        assertThat(events).as("fastly failed some way; %s", transcript()).anyMatch(
                e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals("fastly.test"));
        assertThat(events).as("no failure of fastly is a hash mismatch; %s", transcript()).noneMatch(
                e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals("fastly.test")
                        && f.kind() == FailureKind.CORRUPT
                        || e instanceof DownloadEvent.ChunkRejected r && r.mirror().equals("fastly.test")
                        && r.kind() == FailureKind.CORRUPT);
    }

    @Test
    void aDisabledProxyIsAProviderDownAndComesBackOnTheSamePort() throws IOException {
        start();
        Provider fastly = topology.provider("fastly");
        topology.network().down("fastly");
        assertThatThrownBy(() -> new Socket(fastly.address().getAddress(), fastly.address().getPort()).close())
                .isInstanceOf(ConnectException.class);

        assertVerified(download(TransferConfig.builder().policy("parallel").hedging(false)));
        assertFailure("fastly.test", FailureKind.CONNECT, FailureKind.IO);

        topology.network().up("fastly");
        try (Socket socket = new Socket(fastly.address().getAddress(), fastly.address().getPort())) {
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void anHttpFaultOnOneProviderIsRoutedAround() throws IOException {
        start();
        topology.http("fastly").add(FaultRule.Status.of(503));
        assertVerified(download(TransferConfig.builder().policy("parallel").hedging(false)));
        assertFailure("fastly.test", FailureKind.HTTP_STATUS);
    }

    @Test
    void aDnsFaultOnOneProviderIsRoutedAround() throws IOException {
        start();
        topology.dns().fault("cloudflare.test", new DnsFault.NxDomain());
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.DNS);
        assertThat(topology.dns().queries("cloudflare.test")).isPositive();
    }

    @Test
    void aWrongHostCertificateIsRefusedThroughTheProxy() throws IOException {
        start();
        assertThat(topology.tls("cloudflare").present(CertificateKind.WRONG_HOST).presenting())
                .isEqualTo(CertificateKind.WRONG_HOST);
        assertVerified(download(TransferConfig.builder().policy("sequential")));
        assertFailure("cloudflare.test", FailureKind.TLS);
    }

    @Test
    void aPlainHttpTopologyServesClientsThatAllowIt() throws IOException {
        topology = Topology.builder().https(false).provider("cloudflare").provider("fastly").file(FILE, 1 << 20, 256 * 1024)
                .manifestReplicas(1).start();
        assertThat(topology.mirrorUrls(FILE)).allMatch(url -> url.getScheme().equals("http"));
        assertThat(topology.manifestUrls(FILE)).singleElement().asString().startsWith("http://manifests-a.test:");
        OkHttpClient http = new OkHttpClient.Builder().dns(topology.dns()::lookup).build();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.ALLOW_PLAIN_HTTP);
        VerifiedManifest manifest = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(FILE));
        DownloadResult result = Downloader.builder().httpClient(http).listener(events::add)
                .config(TransferConfig.builder().allowPlainHttp(true).build())
                .build().download(manifest, DownloadRequest.into(dir.resolve("out")));
        assertVerified(result);
    }
}
