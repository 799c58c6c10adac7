package io.outagedrill.fakes.topology;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.edge.EdgeStats;
import io.outagedrill.fakes.http.FaultRule;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An edge cache in a {@link Topology}: the reference client downloads through it; a flush sends it back to its origin. */
@Timeout(60)
class TopologyEdgeTest {
    static final String FILE = "video.mp4";
    static final long CHUNK = 1 << 20;
    static final long SIZE = 4L << 20;

    @TempDir
    Path dir;

    private Topology topology;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
        }
    }

    private Topology start(boolean https) {
        topology = Topology.builder().seed(7).https(https)
                .provider("origin", p -> p.kind(ProviderKind.ORIGIN).priority(3))
                .provider("fastly", p -> p.edgeOf("origin"))
                .file(FILE, SIZE, CHUNK)
                .manifestReplicas(1)
                .start();
        return topology;
    }

    /** One whole download pinned to the edge, into its own folder (no resume, no cache between runs). */
    private DownloadResult downloadThroughTheEdge(String into) throws IOException {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(topology.dns()::lookup);
        OkHttpClient http = topology.isHttps()
                ? HttpClients.trustOnly(builder, topology.caCertificate()).build() : builder.build();
        ManifestJson.Options options = topology.isHttps() ? ManifestJson.Options.STRICT
                : ManifestJson.Options.ALLOW_PLAIN_HTTP;
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve(into + "-versions.json")), Clock.systemUTC(),
                ManifestVerifier.DEFAULT_SKEW, options);
        VerifiedManifest manifest = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(FILE));
        return Downloader.builder().httpClient(http).listener(events::add)
                .config(TransferConfig.builder().pinnedMirror("fastly").policy("parallel").hedging(false)
                        .allowPlainHttp(!topology.isHttps()).seed(1).build())
                .build().download(manifest, DownloadRequest.into(dir.resolve(into)));
    }

    @Test
    void theClientDownloadsThroughTheEdgeAndAFlushSendsTheNextRequestsToTheOrigin() throws IOException {
        start(true);
        assertThat(topology.provider("fastly").edgeOf()).isEqualTo("origin");
        assertThat(topology.mirrorUrls(FILE)).extracting(u -> u.getHost()).containsExactly("origin.test", "fastly.test");

        DownloadResult first = downloadThroughTheEdge("first");
        assertThat(Sha256.ofFile(first.path())).isEqualTo(topology.file(FILE).sha256());
        assertThat(events).allMatch(e -> !(e instanceof DownloadEvent.ChunkVerified v) || v.mirror().equals("fastly.test"));
        EdgeStats warm = topology.edge("fastly").stats();
        long originAfterFill = topology.server("origin").stats().requests("/" + FILE);
        // Four ranged chunks: the first fills the cache (collapsed waiters count as misses too), the rest may hit.
        assertThat(warm.misses()).isPositive();
        assertThat(originAfterFill).isPositive();

        DownloadResult again = downloadThroughTheEdge("again");
        assertThat(Sha256.ofFile(again.path())).isEqualTo(topology.file(FILE).sha256());
        EdgeStats hot = topology.edge("fastly").stats();
        assertThat(hot.misses()).as("a warm cache answers without its origin").isEqualTo(warm.misses());
        assertThat(hot.hits()).isGreaterThanOrEqualTo(warm.hits() + SIZE / CHUNK);
        assertThat(topology.server("origin").stats().requests("/" + FILE)).isEqualTo(originAfterFill);

        topology.edge("fastly").flush();
        DownloadResult cold = downloadThroughTheEdge("cold");
        assertThat(Sha256.ofFile(cold.path())).isEqualTo(topology.file(FILE).sha256());
        assertThat(topology.edge("fastly").stats().misses()).as("cold caches after the flush").isGreaterThan(hot.misses());
        assertThat(topology.server("origin").stats().requests("/" + FILE)).isGreaterThan(originAfterFill);
    }

    @Test
    void theEdgeFillsThroughTheOriginsProxySoTheOriginsFaultsReachIt() throws IOException {
        start(false);
        topology.http("origin").add(FaultRule.Status.of(503));
        var response = new OkHttpClient.Builder().dns(topology.dns()::lookup).build()
                .newCall(new okhttp3.Request.Builder().url(topology.mirrorUrls(FILE).get(1).toString()).build()).execute();
        try (response) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("X-Cache")).isEqualTo("MISS");
        }
        assertThat(topology.edge("fastly").stats().originErrors()).isEqualTo(1);
        // The fill crossed the origin's proxy: its server saw the request, not a direct connection from nowhere.
        assertThat(topology.server("origin").stats().requests("/" + FILE)).isEqualTo(1);
    }

    @Test
    void anEdgeMustNameADeclaredOriginThatServesItsOwnFiles() {
        assertThatThrownBy(() -> Topology.builder().provider("fastly", p -> p.edgeOf("origin")).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider fastly is an edge of origin, which is not declared");
        assertThatThrownBy(() -> Topology.builder().provider("origin").provider("a", p -> p.edgeOf("origin"))
                .provider("b", p -> p.edgeOf("a")).start())
                .hasMessageContaining("provider b is an edge of a, which is itself an edge (of origin)");
        assertThatThrownBy(() -> Topology.builder().provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE))
                .provider("a", p -> p.edgeOf("b2")).start())
                .hasMessageContaining("object stores");
    }

    @Test
    void aProviderThatIsNoEdgeHasNoEdgeHandle() {
        topology = Topology.builder().https(false).provider("a").manifestReplicas(1).file(FILE, 1024).start();
        assertThatThrownBy(() -> topology.edge("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider a is not an edge cache; edges here: []");
    }
}
