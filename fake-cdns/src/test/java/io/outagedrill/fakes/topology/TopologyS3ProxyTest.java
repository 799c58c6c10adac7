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
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.objectstore.S3ProxyJar;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.outagedrill.fakes.network.ToxicSpec;
import java.io.IOException;
import java.util.Map;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An object store backed by a real S3Proxy process inside a {@link Topology}: reached over HTTPS through its own
 * proxy, with Range answered by S3Proxy itself, and a mirror the reference client can fall back on. One topology for
 * the class (an S3Proxy start costs seconds), closed by the last test.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyS3ProxyTest {
    static final String VIDEO = "video.mp4";
    static final String NOTES = "notes.txt";
    static final long CHUNK = 1 << 20;
    /** A publisher's own file on disk, uploaded to the store beside the generated ones. */
    static final String UPLOAD = "upload.bin";
    static Topology topology;
    static OkHttpClient http;
    static byte[] uploaded;

    @TempDir
    static Path publisher;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(S3ProxyJar.find().isPresent(), S3ProxyJar::howToGet);
        uploaded = new byte[300_001];
        new SplittableRandom(3).nextBytes(uploaded);
        Path upload = Files.write(publisher.resolve(UPLOAD), uploaded);
        topology = Topology.builder().seed(7)
                .provider("cloudflare")
                .provider("fastly")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).backend(ProviderBackend.S3PROXY)
                        .group("backblaze"))
                .file(VIDEO, 6L << 20, CHUNK)
                .file(NOTES, 1000)
                .file(UPLOAD, upload, 64 * 1024)
                .start();
        // The way an app wires the client: names through the topology's resolver, its test CA and nothing else.
        http = HttpClients.trustOnly(new OkHttpClient.Builder(), topology.caCertificate())
                .dns(topology.dns()::lookup).readTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void heal() throws IOException {
        if (topology != null) {
            topology.network().reset(); // every link up, no toxics
        }
    }

    private static Response get(String file, String range) throws IOException {
        Request.Builder request = new Request.Builder().url(topology.mirrorUrls(file).get(2).toString());
        if (range != null) {
            request.header("Range", range);
        }
        return http.newCall(request.build()).execute();
    }

    @Test
    void theManifestListsTheStoreAtItsProxyWithAPathStyleHttpsUrl() {
        Provider b2 = topology.provider("b2");
        S3ProxyProcess store = topology.s3proxy("b2");

        assertThat(b2.backend()).isEqualTo(ProviderBackend.S3PROXY);
        assertThat(topology.provider("fastly").backend()).isEqualTo(ProviderBackend.IN_PROCESS);
        assertThat(topology.mirrorUrls(VIDEO).get(2))
                .isEqualTo(URI.create("https://b2.test:" + b2.address().getPort() + "/outage-drill/video.mp4"));
        // Clients get the proxy's port on the store's own address; S3Proxy's port appears nowhere they look.
        assertThat(store.isHttps()).isTrue();
        assertThat(b2.address().getAddress()).isEqualTo(store.address().getAddress());
        assertThat(b2.address().getPort()).isNotEqualTo(store.address().getPort());
        assertThat(topology.resolve().get("b2.test")).isEqualTo(store.address().getAddress());
    }

    @Test
    void rangesThroughTheProxyAreS3ProxysOwnAndByteExact() throws IOException {
        ServedFile video = topology.file(VIDEO);
        long first = (3L << 20) + 17;
        int length = 1 << 20;
        try (Response r = get(VIDEO, "bytes=" + first + "-" + (first + length - 1))) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("bytes " + first + "-" + (first + length - 1) + "/"
                    + video.size());
            assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
            assertThat(r.header("ETag")).startsWith("\"");
            assertThat(r.body().bytes()).isEqualTo(of(video, first, length));
        }
        try (Response tail = get(VIDEO, "bytes=-100")) {
            assertThat(tail.code()).isEqualTo(206);
            assertThat(tail.body().bytes()).isEqualTo(of(video, video.size() - 100, 100));
        }
        try (Response beyond = get(VIDEO, "bytes=" + video.size() + "-")) {
            assertThat(beyond.code()).isEqualTo(416);
        }
        ServedFile notes = topology.file(NOTES);
        try (Response whole = get(NOTES, null)) {
            assertThat(whole.code()).isEqualTo(200);
            assertThat(whole.body().bytes()).isEqualTo(of(notes));
        }
    }

    @Test
    void aPublishersFileOnDiskIsUploadedAndServedByteExact() throws IOException {
        try (Response tail = get(UPLOAD, "bytes=299000-")) {
            assertThat(tail.code()).isEqualTo(206);
            assertThat(tail.header("Content-Range")).isEqualTo("bytes 299000-300000/300001");
            assertThat(tail.body().bytes()).isEqualTo(Arrays.copyOfRange(uploaded, 299_000, 300_001));
        }
        try (Response whole = get(UPLOAD, null)) {
            assertThat(whole.code()).isEqualTo(200);
            assertThat(whole.body().bytes()).isEqualTo(uploaded);
        }
    }

    @Test
    void proxyToxicsReachTheStore() {
        // 64 KiB then the proxy closes the connection: a 1 MiB range cannot arrive whole.
        topology.network().addToxic("b2", ToxicSpec.of("cut", "limit_data", ToxicSpec.Stream.DOWNSTREAM,
                Map.of("bytes", 64 * 1024)));
        assertThatThrownBy(() -> {
            try (Response r = get(VIDEO, "bytes=0-1048575")) {
                r.body().bytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void theReferenceClientDownloadsFromTheStoreWhenEveryOtherMirrorIsDown() throws IOException {
        topology.network().down("cloudflare");
        topology.network().down("fastly");
        List<DownloadEvent> events = new CopyOnWriteArrayList<>();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        VerifiedManifest manifest = new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls(VIDEO));
        DownloadResult result = Downloader.builder().httpClient(http).listener(events::add)
                .config(TransferConfig.builder().policy("parallel").seed(3).backoffBase(Duration.ofMillis(20))
                        .connectTimeout(Duration.ofSeconds(1)).build())
                .build().download(manifest, DownloadRequest.into(dir.resolve("out")));

        assertThat(Sha256.ofFile(result.path())).isEqualTo(topology.file(VIDEO).sha256());
        assertThat(events).filteredOn(e -> e instanceof DownloadEvent.ChunkVerified).isNotEmpty()
                .allMatch(e -> ((DownloadEvent.ChunkVerified) e).mirror().equals("b2.test"));
    }

    @Test
    void faultsThatNeedAnInProcessServerAreRefusedNamingWhatApplies() throws Exception {
        assertThatThrownBy(() -> topology.http("b2").add(FaultRule.Status.of(503)))
                .isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("provider b2 is served by an S3Proxy process")
                .hasMessageContaining("HTTP faults (http)")
                .hasMessageContaining("network().down(\"b2\")")
                .hasMessageContaining("DNS faults on b2.test");
        assertThatThrownBy(() -> topology.tls("b2")).isInstanceOf(FaultNotApplicableException.class)
                .hasMessageContaining("certificate switches (tls)");
        assertThatThrownBy(() -> topology.server("b2")).isInstanceOf(FaultNotApplicableException.class);
        assertThatThrownBy(() -> topology.s3proxy("fastly")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider fastly is served in-process, not by S3Proxy; S3Proxy-backed here: [b2]");

        HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        topology.adminUri().resolve("/providers/b2/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"rule\":{\"type\":\"status\",\"code\":503}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(409);
        assertThat(admin.body()).contains("provider b2 is served by an S3Proxy process");
    }

    @Test
    void theStoresJvmTakesTheOptionsOfTheSystemProperty() {
        List<String> options = Stream.of(System.getProperty(S3ProxyProcess.JVM_OPTIONS_PROPERTY, "").split("\\s+"))
                .filter(option -> !option.isBlank()).toList();
        assumeTrue(!options.isEmpty(), "the build sets " + S3ProxyProcess.JVM_OPTIONS_PROPERTY + "; this run did not");
        ProcessHandle process = topology.s3proxy("b2").process();
        assertThat(process.info().arguments().map(List::of)).as("the arguments of S3Proxy process %d", process.pid())
                .hasValueSatisfying(arguments -> assertThat(arguments).containsSubsequence(options));
    }

    @Test
    void s3proxyIsForObjectStoresOnly() {
        assertThatThrownBy(() -> Topology.builder().provider("fastly", p -> p.backend(ProviderBackend.S3PROXY)).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider fastly has backend S3PROXY, which serves object stores only, but its kind is "
                        + "CDN; give it kind(ProviderKind.OBJECT_STORE), or keep its backend IN_PROCESS");
    }

    /** Last, on the shared topology. */
    @Test
    @Order(Integer.MAX_VALUE)
    void closingTheTopologyStopsTheProcessAndDeletesItsFiles() {
        S3ProxyProcess store = topology.s3proxy("b2");
        ProcessHandle process = store.process();
        Path folder = store.directory();
        InetSocketAddress address = store.address();
        assertThat(process.isAlive()).isTrue();
        assertThat(folder).isDirectory();

        topology.close();
        topology = null;

        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(folder)).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                        .isInstanceOf(ConnectException.class));
    }
}
