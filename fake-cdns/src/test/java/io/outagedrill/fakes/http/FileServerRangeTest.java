package io.outagedrill.fakes.http;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.testing.RawHttp;
import io.outagedrill.fakes.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Instant;

import static io.outagedrill.fakes.testing.Bytes.of;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class FileServerRangeTest {
    static final GeneratedFile FILE = GeneratedFile.of("video.mp4", 100_000, 11)
            .withLastModified(Instant.parse("2025-03-04T05:06:07Z"));
    static FakeCdn cdn;
    static InetSocketAddress at;

    @BeforeAll
    static void start() {
        cdn = FakeCdn.builder("origin.test")
                .host("/v/video.mp4", FILE)
                .host("/empty", HostedContent.ofBytes("empty", new byte[0]))
                .start();
        cdn.files().host("/live/index.m3u8", HostedContent.ofBytes("index", "#EXTM3U\n".getBytes()), "no-cache");
        at = cdn.address();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    @Test
    void wholeFileIs200WithValidatorsAndCachingHeaders() throws Exception {
        Response r = RawHttp.get(at, "/v/video.mp4");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(of(FILE));
        assertThat(r.header("content-length")).isEqualTo("100000");
        assertThat(r.header("accept-ranges")).isEqualTo("bytes");
        assertThat(r.header("etag")).isEqualTo(FILE.etag()).startsWith("\"").doesNotStartWith("W/");
        assertThat(r.header("last-modified")).isEqualTo("Tue, 04 Mar 2025 05:06:07 GMT");
        assertThat(r.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(r.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(r.header("content-range")).isNull();
    }

    @Test
    void closedRangeIs206WithContentRange() throws Exception {
        Response r = RawHttp.get(at, "/v/video.mp4", "Range: bytes=1000-1999");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes 1000-1999/100000");
        assertThat(r.header("content-length")).isEqualTo("1000");
        assertThat(r.body()).isEqualTo(of(FILE, 1000, 1000));
    }

    @Test
    void openEndedSuffixAndOverlongRangesAreClipped() throws Exception {
        Response open = RawHttp.get(at, "/v/video.mp4", "Range: bytes=99000-");
        assertThat(open.status()).isEqualTo(206);
        assertThat(open.header("content-range")).isEqualTo("bytes 99000-99999/100000");
        assertThat(open.body()).isEqualTo(of(FILE, 99_000, 1000));

        Response suffix = RawHttp.get(at, "/v/video.mp4", "Range: bytes=-500");
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.header("content-range")).isEqualTo("bytes 99500-99999/100000");
        assertThat(suffix.body()).isEqualTo(of(FILE, 99_500, 500));

        Response overlong = RawHttp.get(at, "/v/video.mp4", "Range: bytes=99990-200000");
        assertThat(overlong.header("content-range")).isEqualTo("bytes 99990-99999/100000");
        assertThat(overlong.body()).hasSize(10);

        Response bigSuffix = RawHttp.get(at, "/v/video.mp4", "Range: bytes=-500000");
        assertThat(bigSuffix.status()).isEqualTo(206);
        assertThat(bigSuffix.header("content-range")).isEqualTo("bytes 0-99999/100000");
    }

    @Test
    void rangePastTheEndIs416WithTheTotal() throws Exception {
        for (String range : new String[]{"bytes=100000-", "bytes=200000-300000", "bytes=-0"}) {
            Response r = RawHttp.get(at, "/v/video.mp4", "Range: " + range);
            assertThat(r.status()).as(range).isEqualTo(416);
            assertThat(r.header("content-range")).as(range).isEqualTo("bytes */100000");
            assertThat(r.body()).isEmpty();
        }
        assertThat(RawHttp.get(at, "/empty", "Range: bytes=0-").status()).isEqualTo(416);
    }

    /** RFC 9110 §5.6.1: a recipient accepts and ignores empty list elements. */
    @Test
    void emptyListElementsAreSkipped() throws Exception {
        for (String range : new String[]{"bytes=1000-1999,", "bytes=,1000-1999", "bytes=1000-1999, ,"}) {
            Response r = RawHttp.get(at, "/v/video.mp4", "Range: " + range);
            assertThat(r.status()).as(range).isEqualTo(206);
            assertThat(r.header("content-range")).as(range).isEqualTo("bytes 1000-1999/100000");
        }
        for (String range : new String[]{"bytes=", "bytes=,", "bytes= , "}) {
            assertThat(RawHttp.get(at, "/v/video.mp4", "Range: " + range).status()).as("no range at all: " + range)
                    .isEqualTo(200);
        }
    }

    /** A position too large for a long is still a position: far past the end of the file. */
    @Test
    void positionsTooLargeForALongArePastTheEnd() throws Exception {
        String huge = "99999999999999999999999";
        for (String range : new String[]{"bytes=" + huge + "-", "bytes=" + huge + "-" + huge + "9"}) {
            Response r = RawHttp.get(at, "/v/video.mp4", "Range: " + range);
            assertThat(r.status()).as(range).isEqualTo(416);
            assertThat(r.header("content-range")).as(range).isEqualTo("bytes */100000");
        }
        Response longEnd = RawHttp.get(at, "/v/video.mp4", "Range: bytes=99990-" + huge);
        assertThat(longEnd.status()).isEqualTo(206);
        assertThat(longEnd.header("content-range")).isEqualTo("bytes 99990-99999/100000");
        Response longSuffix = RawHttp.get(at, "/v/video.mp4", "Range: bytes=-" + huge);
        assertThat(longSuffix.status()).isEqualTo(206);
        assertThat(longSuffix.header("content-range")).isEqualTo("bytes 0-99999/100000");
        assertThat(RawHttp.get(at, "/v/video.mp4", "Range: bytes=" + huge + "9-" + huge).status())
                .as("a last-pos below the first-pos is invalid, however large both are").isEqualTo(200);
    }

    @Test
    void malformedOrMultipleRangesGetTheWholeFile() throws Exception {
        for (String range : new String[]{"bytes=0-9,20-29", "bytes=abc", "bytes=5-1", "items=0-1"}) {
            Response r = RawHttp.get(at, "/v/video.mp4", "Range: " + range);
            assertThat(r.status()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).hasSize(100_000);
        }
    }

    @Test
    void ifRangeKeepsTheRangeOnlyForTheCurrentStrongEtagOrExactDate() throws Exception {
        String range = "Range: bytes=10-19";
        assertThat(RawHttp.get(at, "/v/video.mp4", range, "If-Range: " + FILE.etag()).status()).isEqualTo(206);
        assertThat(RawHttp.get(at, "/v/video.mp4", range, "If-Range: \"stale\"").status()).isEqualTo(200);
        assertThat(RawHttp.get(at, "/v/video.mp4", range, "If-Range: W/" + FILE.etag()).status()).isEqualTo(200);
        assertThat(RawHttp.get(at, "/v/video.mp4", range, "If-Range: Tue, 04 Mar 2025 05:06:07 GMT").status())
                .isEqualTo(206);
        for (String obsolete : new String[]{"Tuesday, 04-Mar-25 05:06:07 GMT", "Tue Mar  4 05:06:07 2025"}) {
            assertThat(RawHttp.get(at, "/v/video.mp4", range, "If-Range: " + obsolete).status())
                    .as("If-Range: %s, an obsolete form of the Last-Modified", obsolete).isEqualTo(206);
        }
        Response stale = RawHttp.get(at, "/v/video.mp4", range, "If-Range: Tue, 04 Mar 2025 05:06:08 GMT");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(of(FILE));
    }

    @Test
    void headSendsTheHeadersOfGetWithoutABody() throws Exception {
        Response r = RawHttp.exchange(at, "HEAD", "/v/video.mp4", "Range: bytes=0-99");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-length")).isEqualTo("100");
        assertThat(r.header("content-range")).isEqualTo("bytes 0-99/100000");
        assertThat(r.header("etag")).isEqualTo(FILE.etag());
        assertThat(r.body()).isEmpty();
    }

    @Test
    void unknownPathIs404AndOtherMethodsAre405() throws Exception {
        assertThat(RawHttp.get(at, "/nope").status()).isEqualTo(404);
        Response post = RawHttp.exchange(at, "POST", "/v/video.mp4", "Content-Length: 0");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void cacheControlCanBeSetPerPath() throws Exception {
        Response r = RawHttp.get(at, "/live/index.m3u8");
        assertThat(r.header("cache-control")).isEqualTo("no-cache");
        assertThat(new String(r.body())).isEqualTo("#EXTM3U\n");
    }

    @Test
    void emptyFileIsAnEmpty200() throws Exception {
        Response r = RawHttp.get(at, "/empty");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-length")).isEqualTo("0");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void countsRequestsAndBodyBytesPerPath() throws Exception {
        try (FakeCdn own = FakeCdn.builder("stats.test").host("/a", FILE).start()) {
            RawHttp.get(own.address(), "/a", "Range: bytes=0-99");
            RawHttp.get(own.address(), "/a");
            RawHttp.get(own.address(), "/missing");
            assertThat(own.stats().requests("/a")).isEqualTo(2);
            assertThat(own.stats().bytesSent("/a")).isEqualTo(100_100);
            assertThat(own.stats().requests("/missing")).isEqualTo(1);
            assertThat(own.stats().totalRequests()).isEqualTo(3);
        }
    }

    @Test
    void ifNoneMatchWithTheCurrentTagIs304WithValidatorsAndNoBody() throws Exception {
        Response r = RawHttp.get(at, "/v/video.mp4", "If-None-Match: \"other\", W/" + FILE.etag(),
                "Range: bytes=0-9");
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("etag")).isEqualTo(FILE.etag());
        assertThat(r.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(r.header("content-range")).isNull();
    }

    @Test
    void ifNoneMatchWithAnotherTagServesTheRangeAsUsual() throws Exception {
        Response r = RawHttp.get(at, "/v/video.mp4", "If-None-Match: \"g-old\"", "Range: bytes=0-9");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(of(FILE, 0, 10));
    }
}
