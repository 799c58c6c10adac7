package io.outagedrill.fakes.topology;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.publish.FileHashes;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.content.FileOnDisk;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A publisher's own file in a topology: every provider (a CDN and an object store) serves it from disk, the topology
 * signs its manifest, and the reference client downloads it byte for byte; changed on disk after the start, it is
 * refused with a hash error that blames each mirror serving it.
 */
@Timeout(60)
class TopologyFileOnDiskTest {
    /** A few MiB, not a multiple of the chunk size. */
    static final int SIZE = (3 << 20) + 4321;
    static final long CHUNK = 1 << 20;

    @TempDir
    Path dir;

    private Topology topology;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    private Path publish() throws IOException {
        Path published = Files.createDirectories(dir.resolve("publisher")).resolve("release-1.2.tar.gz");
        byte[] bytes = new byte[SIZE];
        new SplittableRandom(17).nextBytes(bytes);
        Files.write(published, bytes);
        topology = Topology.builder().seed(5)
                .provider("cloudflare")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE).group("backblaze"))
                .file("release-1.2.tar.gz", published, CHUNK)
                .start();
        return published;
    }

    @AfterEach
    void close() {
        if (topology != null) {
            topology.close();
        }
    }

    private VerifiedManifest manifest(OkHttpClient http) {
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(topology.trustStore()),
                new FileVersionStore(dir.resolve("versions.json")), Clock.systemUTC(), ManifestVerifier.DEFAULT_SKEW,
                ManifestJson.Options.STRICT);
        return new ManifestFetcher(http, verifier, events::add, Clock.systemUTC())
                .fetch(topology.manifestUrls("release-1.2.tar.gz"));
    }

    /**
     * Downloads into {@code folder} with {@code policy}: parallel draws on every provider at once, sequential tries
     * one after another.
     */
    private OkHttpClient http() throws IOException {
        return HttpClients.trustOnly(new OkHttpClient.Builder(), topology.caCertificate()).dns(topology.dns()::lookup)
                .build();
    }

    private DownloadResult download(String policy, String folder) throws IOException {
        OkHttpClient http = http();
        return Downloader.builder().httpClient(http).listener(events::add)
                .config(TransferConfig.builder().policy(policy).hedging(false).seed(3).backoffBase(Duration.ofMillis(20))
                        .stallTimeout(Duration.ofSeconds(2)).firstByteTimeout(Duration.ofSeconds(2))
                        .connectTimeout(Duration.ofSeconds(2)).build())
                .build().download(manifest(http), DownloadRequest.into(dir.resolve(folder)));
    }

    @Test
    void theClientDownloadsThePublishersFileByteForByteAndRefusesItOnceChangedOnDisk() throws IOException {
        Path published = publish();

        DownloadResult result = download("parallel", "first");

        assertThat(Files.mismatch(result.path(), published)).as("first differing byte; %s", transcript())
                .isEqualTo(-1L);
        assertThat(result.path().getFileName()).hasToString("release-1.2.tar.gz");
        assertThat(topology.file("release-1.2.tar.gz")).isInstanceOf(FileOnDisk.class);
        Target signed = manifest(http()).manifest().target();
        FileHashes onDisk = FileHashes.of(published, CHUNK);
        assertThat(signed.size()).isEqualTo(SIZE);
        assertThat(signed.sha256()).isEqualTo(onDisk.sha256());
        assertThat(signed.chunks()).as("4 chunks, the last short").hasSize(4).isEqualTo(onDisk.chunks());
        for (Provider provider : topology.providers()) {
            assertThat(topology.server(provider.name()).stats().bytesSent(
                    ContentPaths.filePath(provider.kind(), "release-1.2.tar.gz")))
                    .as("%s served the file from disk", provider.name()).isPositive();
        }

        // The third chunk, rewritten in place as an editor or a build writing over the file would.
        try (FileChannel channel = FileChannel.open(published, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("not the published bytes".getBytes()), 2 * CHUNK + 10);
        }
        events.clear();

        assertThatThrownBy(() -> download("sequential", "second")).as(transcript())
                .isInstanceOf(DownloadFailedException.class)
                .satisfies(e -> assertThat(((DownloadFailedException) e).reason())
                        .isEqualTo(DownloadFailedException.Reason.ALL_MIRRORS_FAILED));
        for (Provider provider : topology.providers()) {
            assertThat(events).as("%s blamed for corrupt bytes; %s", provider.hostname(), transcript())
                    .anyMatch(e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(provider.hostname())
                            && f.kind() == FailureKind.CORRUPT && f.reason().contains("chunk 2 failed its SHA-256"));
        }
        assertThat(Files.exists(dir.resolve("second/release-1.2.tar.gz"))).as("nothing unverified is left").isFalse();
    }

    @Test
    void realServersAreHandedTheFileOnDiskItselfAtEachProvidersPath() throws IOException {
        Path file = Files.write(dir.resolve("mine.bin"), new byte[100]);
        List<ServerOrder> orders = new CopyOnWriteArrayList<>();
        ExternalServers servers = new ExternalServers() {
            @Override
            public URI startFaultProxy(long seed) {
                return URI.create("http://127.0.0.1:9"); // never asked: every server order fails first
            }

            @Override
            public InetSocketAddress startServer(ServerOrder order) {
                orders.add(order);
                throw new IllegalStateException("no server here");
            }

            @Override
            public String describe() {
                return "servers that only take orders";
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> Topology.builder().provider("cloudflare")
                .provider("b2", p -> p.kind(ProviderKind.OBJECT_STORE)).file(file).externalServers(servers).start())
                .as("the order failure, the stub's own").hasStackTraceContaining("no server here");
        assertThat(orders).as("the orders the real servers got").extracting(ServerOrder::provider)
                .containsExactlyInAnyOrder("cloudflare", "b2");
        for (ServerOrder order : orders) {
            String path = order.provider().equals("b2") ? "/outage-drill/mine.bin" : "/mine.bin";
            assertThat(order.files()).as("what %s was handed", order.provider()).containsOnlyKeys(path);
            assertThat(order.files().get(path)).as("at %s for %s", path, order.provider())
                    .isInstanceOfSatisfying(FileOnDisk.class, onDisk -> assertThat(onDisk.path())
                            .isEqualTo(file.toAbsolutePath()));
        }
    }

    @Test
    void aFileThatIsNotThereIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Topology.builder().provider("cloudflare").file(dir.resolve("absent.iso")))
                .isInstanceOf(InvalidTopologyException.class).hasMessageContaining("absent.iso")
                .hasMessageContaining("cannot read");
    }

    private String transcript() {
        StringBuilder text = new StringBuilder("events:\n");
        events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .forEach(e -> text.append("  ").append(e.describe()).append('\n'));
        return text.toString();
    }
}
