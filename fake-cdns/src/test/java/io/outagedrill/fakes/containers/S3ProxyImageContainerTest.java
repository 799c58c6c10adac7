package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.testing.Bytes;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.testcontainers.containers.GenericContainer;

/**
 * The S3Proxy image as an object-store mirror: a file put with S3's PUT into a bucket the container created is
 * served back anonymously, ranges with the exact bytes and 416 past the end. Not in the default build (S3Proxy's
 * JVM and jclouds take 10-20 s to start on a loaded 2-core machine); {@code -Doutagedrill.containers.full=true}
 * runs it.
 */
@RequiresImages("outage-drill/s3proxy:current")
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs Docker host networking, which shares loopback only on Linux")
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "S3Proxy's start takes 10-20 s: runs with -Doutagedrill.containers.full=true")
@Timeout(180)
class S3ProxyImageContainerTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 2L << 20, 5);

    @Test
    void aPutObjectIsServedAnonymouslyWithExactRanges() throws Exception {
        InetSocketAddress listen = LoopbackContainers.freeAddress(LoopbackAddresses.next());
        try (GenericContainer<?> s3 = LoopbackContainers.s3proxy(listen, "media")) {
            s3.start();
            var url = LoopbackContainers.url(listen, "/media/v/" + FILE.name());
            HttpResponse<String> put = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(Bytes.of(FILE))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as("PUT %s: %s", url, put.body()).isEqualTo(200);

            long first = 1_000_003;
            int length = 65_536;
            Response ranged = RawHttp.get(listen, url.getPath(), "Range: bytes=" + first + "-" + (first + length - 1));
            assertThat(ranged.status()).as("ranged GET of %s", url).isEqualTo(206);
            assertThat(ranged.header("content-range"))
                    .isEqualTo("bytes " + first + "-" + (first + length - 1) + "/" + FILE.size());
            assertThat(ranged.body()).isEqualTo(Bytes.of(FILE, first, length));
            assertThat(RawHttp.get(listen, url.getPath(), "Range: bytes=" + FILE.size() + "-").status())
                    .as("a range past the end").isEqualTo(416);
        }
    }
}
