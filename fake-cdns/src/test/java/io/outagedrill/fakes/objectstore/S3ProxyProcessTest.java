package io.outagedrill.fakes.objectstore;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One S3Proxy process for the class (a JVM start costs seconds), closed by the last test. */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3ProxyProcessTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 8L << 20, 42);
    /** Given in code, beside those the build sets for every S3Proxy of its tests. */
    static final String MARKER = "-Doutagedrill.test.marker=S3ProxyProcessTest";
    static final List<String> OPTIONS = Stream.concat(
            Stream.of(System.getProperty(S3ProxyProcess.JVM_OPTIONS_PROPERTY, "").split("\\s+")), Stream.of(MARKER))
            .filter(option -> !option.isBlank()).toList();
    static S3ProxyProcess s3;

    @BeforeAll
    static void start() {
        assumeTrue(S3ProxyJar.find().isPresent(), S3ProxyJar::howToGet);
        s3 = S3ProxyProcess.builder().address(LoopbackAddresses.next()).jvmOptions(OPTIONS).start();
        s3.createBucket("media");
        s3.put("media", "v/video.mp4", FILE);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aRangedGetReturnsTheExactBytesAs206() throws Exception {
        long first = (3L << 20) + 17;
        int length = 1 << 20;
        Response r = RawHttp.get(s3.address(), "/media/v/video.mp4",
                "Range: bytes=" + first + "-" + (first + length - 1));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes " + first + "-" + (first + length - 1) + "/" + FILE.size());
        assertThat(r.header("accept-ranges")).isEqualTo("bytes");
        assertThat(r.body()).isEqualTo(of(FILE, first, length));

        Response tail = RawHttp.get(s3.address(), "/media/v/video.mp4", "Range: bytes=-100");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(of(FILE, FILE.size() - 100, 100));
    }

    @Test
    void aWholeGetReturnsTheWholeFileWithAnEtag() throws Exception {
        Response r = RawHttp.get(s3.address(), "/media/v/video.mp4");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("etag")).startsWith("\"");
        assertThat(r.body()).isEqualTo(of(FILE));
    }

    @Test
    void aMirrorUnderItsOwnHostNameServesTheSameObject() throws Exception {
        LoopbackDns dns = new LoopbackDns();
        ObjectStoreMirror b2 = new ObjectStoreMirror("b2.test", s3).registerIn(dns);
        URI url = b2.url("media", "v/video.mp4");
        assertThat(url.toString()).isEqualTo("http://b2.test:" + s3.address().getPort() + "/media/v/video.mp4");
        assertThat(dns.resolve("b2.test")).contains(s3.address().getAddress());

        InetSocketAddress resolved = new InetSocketAddress(dns.resolve(url.getHost()).orElseThrow(), url.getPort());
        Response r = RawHttp.get(resolved, url.getRawPath(), "Range: bytes=0-9");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(of(FILE, 0, 10));
    }

    @Test
    void theServerJvmRunsWithTheOptionsGivenBeforeItsJar() {
        List<String> arguments = s3.process().info().arguments().map(List::of).orElseThrow(
                () -> new AssertionError("expected the arguments of the S3Proxy process " + s3.process().pid()
                        + " to be readable, they were not"));
        assertThat(arguments).as("the S3Proxy JVM's arguments").containsSubsequence(OPTIONS)
                .containsSubsequence(MARKER, "-jar");
    }

    @Test
    void aMissingObjectIs404() throws Exception {
        assertThat(RawHttp.get(s3.address(), "/media/nothing").status()).isEqualTo(404);
    }

    /** Last, on the shared process: a second JVM start would double this class's time. */
    @Test
    @Order(Integer.MAX_VALUE)
    void closeKillsTheProcessAndDeletesItsDirectory() {
        ProcessHandle handle = s3.process();
        Path directory = s3.directory();
        InetSocketAddress address = s3.address();
        assertThat(handle.isAlive()).isTrue();
        assertThat(directory).isDirectory();
        // Named after this JVM: a JVM killed with -9 leaves it (a copy of the files served) to the next to remove.
        assertThat(directory.getFileName().toString()).as("the folder's name")
                .startsWith(io.outagedrill.fakes.OwnedFolders.S3PROXY.prefix() + ProcessHandle.current().pid() + "-");

        s3.close();

        assertThat(handle.isAlive()).isFalse();
        assertThat(Files.exists(directory)).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                        .isInstanceOf(ConnectException.class));
        s3.close(); // idempotent
    }

    @Test
    @Order(50)
    void theReferenceClientFailsOverToTheObjectStoreLikeAnyMirror(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        long chunk = 1L << 20;
        try (io.outagedrill.fakes.cdn.FakeCdn cdn = io.outagedrill.fakes.cdn.FakeCdn.builder("cdn.test")
                .address(LoopbackAddresses.next()).host("/v/video.mp4", FILE).start()) {
            // The CDN is down for every request: the object store is the mirror that has to serve.
            cdn.faults().add(io.outagedrill.fakes.http.FaultRule.Status.of(503));
            var mirrors = java.util.List.of(
                    new io.outagedrill.client.manifest.Mirror("cdn", java.net.URI.create("http://"
                            + cdn.address().getAddress().getHostAddress() + ":" + cdn.port() + "/v/video.mp4"), 1, "",
                            "cdn"),
                    new io.outagedrill.client.manifest.Mirror("b2", s3.url("media", "v/video.mp4"), 2, "", "b2"));
            var target = new io.outagedrill.client.manifest.Target(FILE.name(), FILE.size(), FILE.sha256(),
                    "video/mp4", chunk, FILE.chunkHashes(chunk), mirrors);
            var manifest = new io.outagedrill.client.manifest.VerifiedManifest(
                    new io.outagedrill.client.manifest.Manifest(target, java.time.Instant.now().plusSeconds(60), 1,
                            java.util.List.of()), "digest", "test", true, "test");
            var result = io.outagedrill.client.transfer.Downloader.builder()
                    .config(io.outagedrill.client.transfer.TransferConfig.builder().seed(1)
                            .backoffBase(java.time.Duration.ofMillis(50)).build())
                    .build().download(manifest, io.outagedrill.client.transfer.DownloadRequest.into(dir));
            assertThat(io.outagedrill.client.Sha256.ofFile(result.path())).isEqualTo(FILE.sha256());
        }
    }
}
