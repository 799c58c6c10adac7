package io.outagedrill.fakes.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.containers.RequiresImages;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.Bytes;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers mode: a real MinIO as one mirror of a file the reference client downloads. Skipped, with one line
 * saying why, where there is no Docker engine or its image cannot be had (no registry; see {@link RequiresImages}), and
 * skipped by an assumption where Docker is not on this machine (a remote engine), since everything here is reached on
 * loopback only.
 *
 * <p>Setup uses the {@code mc} client that MinIO's own server image ships (in {@code /usr/bin}), run in the container
 * with {@code execInContainer}: create the bucket, make it anonymously readable ({@code mc anonymous set download}),
 * copy in a generated file. That keeps an S3 SDK (the MinIO Java SDK brings OkHttp 4 next to our OkHttp 5) off the
 * test classpath. Clients reach MinIO through Docker's mapped port on 127.0.0.1, the way a mirror is reached.
 *
 * <p>Image: {@code quay.io/minio/minio}, pinned to a release. MinIO stopped publishing images in October 2025 and
 * later removed {@code minio/minio} from Docker Hub; Quay still serves the released tags, this one the last
 * community release before the cut-off.
 */
@RequiresImages(MinioContainerTest.IMAGE_NAME)
@Testcontainers
@Timeout(120)
class MinioContainerTest {
    static final String IMAGE_NAME = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z";
    static final DockerImageName IMAGE = DockerImageName.parse(IMAGE_NAME)
            .asCompatibleSubstituteFor("minio/minio");
    static final int S3_PORT = 9000;
    static final String BUCKET = "outage-drill";
    static final String KEY = "v/video.mp4";
    static final String PATH = "/" + BUCKET + "/" + KEY;
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 8L << 20, 42);
    static final long CHUNK = 1L << 20;

    @Container
    @SuppressWarnings("resource") // the Testcontainers extension stops it after the class
    static final MinIOContainer MINIO = ContainerJanitor.adopt(new MinIOContainer(IMAGE), "minio")
            .withUserName("outage-drill").withPassword("outage-drill-secret");

    /** MinIO's S3 port as mapped by Docker, on 127.0.0.1. */
    static InetSocketAddress s3;

    @BeforeAll
    static void publishTheFile() throws Exception {
        assumeTrue(InetAddress.getByName(MINIO.getHost()).isLoopbackAddress(),
                () -> "MinIO's ports are published on " + MINIO.getHost() + ", not on this machine's loopback "
                        + "(a remote Docker engine); this test reaches mirrors on loopback only");
        s3 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), MINIO.getMappedPort(S3_PORT));

        MINIO.copyFileToContainer(Transferable.of(Bytes.of(FILE)), "/tmp/video.mp4");
        // Inside the container MinIO listens on :9000. The health check that started it says the process answers;
        // the first bucket call is retried in case the storage layer is a moment behind.
        await("mc alias + mb against MinIO").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    mc("alias", "set", "local", "http://127.0.0.1:" + S3_PORT, MINIO.getUserName(),
                            MINIO.getPassword());
                    mc("mb", "--ignore-existing", "local/" + BUCKET);
                });
        mc("anonymous", "set", "download", "local/" + BUCKET);
        mc("cp", "/tmp/video.mp4", "local/" + BUCKET + "/" + KEY);
    }

    /** Runs {@code mc ARGS} in the MinIO container; fails with its output unless it exits 0. */
    private static void mc(String... args) throws IOException, InterruptedException {
        String[] command = Stream.concat(Stream.of("mc"), Stream.of(args)).toArray(String[]::new);
        ExecResult result = MINIO.execInContainer(command);
        assertThat(result.getExitCode())
                .as("%s%nstdout: %s%nstderr: %s", String.join(" ", command), result.getStdout(), result.getStderr())
                .isZero();
    }

    @Test
    void anAnonymousRangeIsAnswered206WithTheExactBytesAndPastTheEnd416() throws IOException {
        long first = (3L << 20) + 17;
        int length = 1 << 20;
        long last = first + length - 1;
        Response r = RawHttp.get(s3, PATH, "Range: bytes=" + first + "-" + last);
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes " + first + "-" + last + "/" + FILE.size());
        assertThat(r.truncated()).isFalse();
        assertThat(r.body()).isEqualTo(Bytes.of(FILE, first, length));

        Response beyond = RawHttp.get(s3, PATH, "Range: bytes=" + FILE.size() + "-");
        assertThat(beyond.status()).isEqualTo(416);
    }

    @Test
    void theReferenceClientTakesEveryChunkFromMinioWhileTheOtherMirrorIsDown(@TempDir Path dir) throws IOException {
        URI minio = URI.create("http://127.0.0.1:" + s3.getPort() + PATH);
        // Down: an address no fake listens on, and a port the OS just handed out and took back: connection refused.
        URI down = URI.create("http://" + LoopbackAddresses.unused().getHostAddress() + ":" + closedPort() + PATH);
        List<Mirror> mirrors = List.of(
                new Mirror("down", down, 1, "", "down"),
                new Mirror("minio", minio, 2, "", "minio"));
        Target target = new Target(FILE.name(), FILE.size(), FILE.sha256(), "video/mp4", CHUNK,
                FILE.chunkHashes(CHUNK), mirrors);
        VerifiedManifest manifest = new VerifiedManifest(
                new Manifest(target, Instant.now().plusSeconds(60), 1, List.of()), "digest", "test", true, "test");
        List<DownloadEvent> events = new CopyOnWriteArrayList<>();

        DownloadResult result = Downloader.builder().listener(events::add)
                .config(TransferConfig.builder().policy("parallel").hedging(false).allowPlainHttp(true).seed(1)
                        .backoffBase(Duration.ofMillis(50)).connectTimeout(Duration.ofSeconds(1)).build())
                .build().download(manifest, DownloadRequest.into(dir));

        assertThat(Sha256.ofFile(result.path())).isEqualTo(FILE.sha256());
        List<DownloadEvent.ChunkVerified> verified = events.stream()
                .filter(DownloadEvent.ChunkVerified.class::isInstance).map(DownloadEvent.ChunkVerified.class::cast)
                .toList();
        assertThat(verified).as(transcript(events)).isNotEmpty()
                .allSatisfy(v -> assertThat(v.mirror()).isEqualTo(minio.getHost()));
        Set<Integer> chunks = verified.stream().map(DownloadEvent.ChunkVerified::chunk).collect(Collectors.toSet());
        assertThat(chunks).as(transcript(events)).hasSize((int) (FILE.size() / CHUNK));
        assertThat(events).as("a refused connection to %s; %s", down.getHost(), transcript(events))
                .anyMatch(e -> e instanceof DownloadEvent.MirrorFailed f && f.mirror().equals(down.getHost())
                        && (f.kind() == FailureKind.CONNECT || f.kind() == FailureKind.IO));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String transcript(List<DownloadEvent> events) {
        return events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .map(e -> "  " + e.describe()).collect(Collectors.joining("\n", "events:\n", ""));
    }
}
