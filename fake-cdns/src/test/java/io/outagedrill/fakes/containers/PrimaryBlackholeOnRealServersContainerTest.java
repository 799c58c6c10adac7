package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.network.NetworkFaults;
import io.outagedrill.fakes.network.ToxiproxyApiNetworkFaults;
import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.testing.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * What the {@code primary-blackhole-mid-transfer} scenario plays, on real servers: two nginx origins, each on its
 * own loopback address, reached through the containerised fault proxy, whose links the test breaks only through
 * the {@link NetworkFaults} port's remote adapter ({@link ToxiproxyApiNetworkFaults}), as a containers world would.
 * Once the reference client has a chunk from the primary, the primary turns into a blackhole (a {@code timeout}
 * toxic of 0: connections stay open, no byte moves); the client must notice the stall, take the rest from the
 * other mirror and finish with the right SHA-256.
 *
 * <p>Not in the default build (three containers and a download: about 30 s on a loaded 2-core machine, 6 s of it the
 * download); {@code -Doutagedrill.containers.full=true} runs it.
 */
@RequiresImages({"outage-drill/nginx:current", "outage-drill/fault-proxy:current"})
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "three containers and a download, about 30 s here: runs with -Doutagedrill.containers.full=true")
@Timeout(120)
class PrimaryBlackholeOnRealServersContainerTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 4L << 20, 1001);
    static final long CHUNK = 256L << 10;
    /** Each link's speed (KB/s), so the transfer lasts long enough on loopback for a fault to land mid-way. */
    static final int RATE_KB = 4096;

    static Path files;
    static GenericContainer<?> faultProxy;
    static GenericContainer<?> primary;
    static GenericContainer<?> secondary;
    static NetworkFaults network;
    static Map<String, URI> mirrors;

    @BeforeAll
    static void startTheWorld() throws IOException {
        files = Files.createTempDirectory("containers-blackhole");
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.write(files.resolve(FILE.name()), Bytes.of(FILE));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        InetSocketAddress control = LoopbackContainers.freeAddress(InetAddress.getLoopbackAddress());
        InetSocketAddress cloudflare = LoopbackContainers.freeAddress(LoopbackAddresses.next());
        InetSocketAddress fastly = LoopbackContainers.freeAddress(LoopbackAddresses.next());
        faultProxy = LoopbackContainers.faultProxy(control);
        primary = LoopbackContainers.nginxOrigin(cloudflare, files);
        secondary = LoopbackContainers.nginxOrigin(fastly, files);
        Startables.deepStart(faultProxy, primary, secondary).join();

        // The links, as a world's starter would make them: one proxy per provider, listening on an address of
        // its own, in front of that provider's server.
        ToxiproxyClient client = new ToxiproxyClient(control.getHostString(), control.getPort());
        URI cloudflareUrl = link(client, "cloudflare", cloudflare);
        URI fastlyUrl = link(client, "fastly", fastly);
        mirrors = Map.of("cloudflare", cloudflareUrl, "fastly", fastlyUrl);
        network = ToxiproxyApiNetworkFaults.at(LoopbackContainers.url(control, ""));
        for (String provider : mirrors.keySet()) {
            network.addToxic(provider, ToxicSpec.of("rate", "bandwidth", ToxicSpec.Stream.DOWNSTREAM,
                    Map.of("rate", RATE_KB)));
        }
    }

    private static URI link(ToxiproxyClient client, String provider, InetSocketAddress server) throws IOException {
        String listenAddress = LoopbackAddresses.next().getHostAddress();
        Proxy proxy = client.createProxy(provider, listenAddress + ":0", LoopbackContainers.hostPort(server));
        return URI.create("http://" + proxy.getListen() + "/" + FILE.name());
    }

    @AfterAll
    static void stopTheWorld() throws IOException {
        for (GenericContainer<?> container : new GenericContainer<?>[] {secondary, primary, faultProxy}) {
            if (container != null) {
                container.stop();
            }
        }
        Files.deleteIfExists(files.resolve(FILE.name()));
        Files.deleteIfExists(files);
    }

    @Test
    void theClientLeavesABlackholedPrimaryMidTransferAndFinishesFromTheOtherMirror(@TempDir Path dir)
            throws Exception {
        Target target = new Target(FILE.name(), FILE.size(), FILE.sha256(), "video/mp4", CHUNK,
                FILE.chunkHashes(CHUNK), List.of(
                        new Mirror("cloudflare", mirrors.get("cloudflare"), 1, "", "cloudflare"),
                        new Mirror("fastly", mirrors.get("fastly"), 2, "", "fastly")));
        VerifiedManifest manifest = new VerifiedManifest(
                new Manifest(target, Instant.now().plusSeconds(60), 1, List.of()), "digest", "test", true, "test");
        String primaryHost = mirrors.get("cloudflare").getHost();
        List<DownloadEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Instant> blackholed = new CompletableFuture<>();

        DownloadResult result = Downloader.builder().listener(event -> {
            events.add(event);
            if (event instanceof DownloadEvent.ChunkVerified v && v.mirror().equals(primaryHost)
                    && !blackholed.isDone()) {
                // Off the client's thread: the fault is an HTTP call to the proxy's API.
                CompletableFuture.runAsync(() -> {
                    network.addToxic("cloudflare", ToxicSpec.of("primary-blackhole", "bandwidth",
                            ToxicSpec.Stream.DOWNSTREAM, Map.of("rate", 0)));
                    blackholed.complete(Instant.now());
                });
            }
        }).config(TransferConfig.builder().policy("parallel").hedging(false).allowPlainHttp(true).seed(1001)
                .backoffBase(Duration.ofMillis(50)).connectTimeout(Duration.ofSeconds(1))
                // A second for a stalled body or a missing first byte: a blackhole answers neither.
                .stallTimeout(Duration.ofSeconds(1)).firstByteTimeout(Duration.ofSeconds(1)).deadline(Duration.ofSeconds(60)).build())
                .build().download(manifest, DownloadRequest.into(dir));

        Instant faultAt = blackholed.get(10, TimeUnit.SECONDS);
        assertThat(Sha256.ofFile(result.path())).as(transcript(events)).isEqualTo(FILE.sha256());
        assertThat(network.link("cloudflare").toxics()).as("the primary's toxics at the end")
                .anyMatch(t -> t.name().equals("primary-blackhole"));
        assertThat(events).as("chunks verified from fastly after the blackhole at %s; %s", faultAt,
                        transcript(events))
                .anyMatch(e -> e instanceof DownloadEvent.ChunkVerified v && !v.mirror().equals(primaryHost)
                        && v.at().isAfter(faultAt));
        assertThat(events).as("the stall on %s noticed; %s", primaryHost, transcript(events))
                .anyMatch(e -> (e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(primaryHost))
                        || (e instanceof DownloadEvent.MirrorSwitched s && s.from().equals(primaryHost)));
    }

    private static String transcript(List<DownloadEvent> events) {
        return events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .map(e -> "  " + e.describe()).collect(Collectors.joining("\n", "events:\n", ""));
    }
}
