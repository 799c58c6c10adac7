package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.Bytes;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * The real servers of containers mode, as built by {@code containers/prepare.sh}, each on its own loopback address
 * (host networking): nginx as an origin answers ranges the way a CDN does (206 with the exact bytes, {@code If-Range}
 * honoured against its ETag, 416 past the end), and Varnish in front of it hides an origin outage with what it
 * cached until a purge leaves it cold. Raw sockets on the client side, so nothing here is a client's reading.
 */
@RequiresImages({"outage-drill/nginx:current", "outage-drill/varnish:current"})
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@Timeout(120)
// The edge test stops the origin, so it goes last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealServerImagesContainerTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 3L << 20, 7);
    static final String PATH = "/" + FILE.name();

    static Path files;
    static InetSocketAddress origin;
    static InetSocketAddress edge;
    static GenericContainer<?> nginx;
    static GenericContainer<?> varnish;

    @BeforeAll
    static void startOriginAndEdge() throws IOException {
        files = Files.createTempDirectory("containers-origin");
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.write(files.resolve(FILE.name()), Bytes.of(FILE));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        origin = LoopbackContainers.freeAddress(LoopbackAddresses.next());
        edge = LoopbackContainers.freeAddress(LoopbackAddresses.next());
        nginx = LoopbackContainers.nginxOrigin(origin, files);
        // TTL 1s: the stale-if-error check below needs the cached copy past its freshness.
        varnish = LoopbackContainers.varnishEdge(edge, origin, "1s");
        // Side by side: Varnish's probe finds the origin healthy once nginx is up.
        Startables.deepStart(nginx, varnish).join();
    }

    @AfterAll
    static void stop() throws IOException {
        if (varnish != null) {
            varnish.stop();
        }
        if (nginx != null) {
            nginx.stop();
        }
        try (var paths = Files.walk(files)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    @Order(1)
    void nginxAnswersRangesIfRangeAndEtagsLikeACdn() throws IOException {
        long first = (1L << 20) + 13;
        int length = 100_000;
        Response ranged = RawHttp.get(origin, PATH, "Range: bytes=" + first + "-" + (first + length - 1));
        assertThat(ranged.status()).as("ranged GET from nginx at %s", origin).isEqualTo(206);
        assertThat(ranged.header("content-range"))
                .isEqualTo("bytes " + first + "-" + (first + length - 1) + "/" + FILE.size());
        assertThat(ranged.body()).isEqualTo(Bytes.of(FILE, first, length));
        String etag = ranged.header("etag");
        assertThat(etag).as("nginx's ETag").isNotBlank();

        Response sameVersion = RawHttp.get(origin, PATH, "Range: bytes=0-9", "If-Range: " + etag);
        assertThat(sameVersion.status()).as("If-Range with the current ETag").isEqualTo(206);
        Response otherVersion = RawHttp.get(origin, PATH, "Range: bytes=0-9", "If-Range: \"another-version\"");
        assertThat(otherVersion.status()).as("If-Range with another ETag: the whole new file").isEqualTo(200);
        assertThat(otherVersion.body()).hasSize((int) FILE.size());

        assertThat(RawHttp.get(origin, PATH, "Range: bytes=" + FILE.size() + "-").status()).isEqualTo(416);
    }

    @Test
    @Order(2)
    void varnishHidesAnOriginOutageWithStaleContentUntilAPurgeLeavesItCold() throws IOException {
        // Started side by side, Varnish may probe before nginx listens and count the origin sick for a probe
        // interval or two (it answers 503 then): the story starts once the edge serves through a healthy origin.
        await("a first 200 through Varnish at " + edge).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(RawHttp.get(edge, PATH).status())
                        .as("first GET through Varnish at %s", edge).isEqualTo(200));
        assertThat(RawHttp.get(edge, PATH).header("x-cache")).as("second GET").isEqualTo("HIT");

        nginx.stop();
        // Past its 1 s TTL the cached copy is stale; with the origin gone Varnish still serves it (grace while
        // the probe finds the origin sick, and a failed refetch abandoned so the stale copy stays).
        await("Varnish serving a stale copy (Age > TTL) while the origin is down").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    Response stale = RawHttp.get(edge, PATH);
                    assertThat(stale.status()).isEqualTo(200);
                    assertThat(Integer.parseInt(stale.header("age"))).isGreaterThanOrEqualTo(2);
                });
        Response stale = RawHttp.get(edge, PATH, "Range: bytes=0-99");
        assertThat(stale.status()).as("a range of the stale copy").isEqualTo(206);
        assertThat(stale.body()).isEqualTo(Bytes.of(FILE, 0, 100));

        assertThat(RawHttp.exchange(edge, "PURGE", PATH).status()).as("PURGE").isEqualTo(200);
        Response cold = RawHttp.get(edge, PATH);
        assertThat(cold.status()).as("GET after the purge, origin still down").isEqualTo(503);
    }
}
