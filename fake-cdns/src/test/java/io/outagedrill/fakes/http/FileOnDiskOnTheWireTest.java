package io.outagedrill.fakes.http;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.FileOnDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher's file on disk served by a fake server, checked from outside with curl: the same ranges, validators
 * and If-Range answers as for a generated file ({@link FileServerRangeTest}).
 */
@Timeout(60)
class FileOnDiskOnTheWireTest {
    static final int SIZE = (2 << 20) + 999;

    @TempDir
    Path dir;

    private byte[] bytes;
    private FileOnDisk file;
    private FakeCdn cdn;
    private String url;

    @BeforeEach
    void serve() throws IOException {
        bytes = new byte[SIZE];
        new SplittableRandom(9).nextBytes(bytes);
        Path path = dir.resolve("movie.mp4");
        Files.write(path, bytes);
        file = FileOnDisk.publish(path, "movie.mp4", 1 << 20);
        cdn = FakeCdn.builder("origin.test").host("/v/movie.mp4", file).start();
        url = "http://" + cdn.address().getAddress().getHostAddress() + ":" + cdn.port() + "/v/movie.mp4";
    }

    @AfterEach
    void stop() {
        cdn.close();
    }

    @Test
    void curlGetsTheWholeFileWithItsValidators() throws Exception {
        Curl whole = curl();
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(whole.header("content-length")).isEqualTo(Integer.toString(SIZE));
        assertThat(whole.header("accept-ranges")).isEqualTo("bytes");
        assertThat(whole.header("etag")).isEqualTo(file.etag());
        assertThat(whole.header("last-modified")).isEqualTo(HttpDates.format(file.lastModified()));
    }

    @Test
    void curlsRangesAreByteExactFromDisk() throws Exception {
        Curl middle = curl("-r", "1048570-1048600");
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.header("content-range")).isEqualTo("bytes 1048570-1048600/" + SIZE);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 1_048_570, 1_048_601));

        Curl tail = curl("-r", "-100");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.header("content-range")).isEqualTo("bytes " + (SIZE - 100) + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 100, SIZE));

        Curl beyond = curl("-r", SIZE + "-");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("content-range")).isEqualTo("bytes */" + SIZE);
    }

    @Test
    void ifRangeWithItsEtagResumesAndWithAnotherSendsTheWholeFile() throws Exception {
        Curl resumed = curl("-r", "2000000-", "-H", "If-Range: " + file.etag());
        assertThat(resumed.status()).isEqualTo(206);
        assertThat(resumed.body()).isEqualTo(Arrays.copyOfRange(bytes, 2_000_000, SIZE));

        Curl stale = curl("-r", "2000000-", "-H", "If-Range: \"f-0123456789abcdef0123456789abcdef\"");
        assertThat(stale.status()).as("a validator of another version: the whole file, not a range of this one")
                .isEqualTo(200);
        assertThat(stale.body()).isEqualTo(bytes);
    }

    /** curl against the file's URL, headers and body to files; curl's own exit code must be 0. */
    private Curl curl(String... options) throws IOException, InterruptedException {
        Path headers = Files.createTempFile(dir, "headers", ".txt");
        Path body = Files.createTempFile(dir, "body", ".bin");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "20",
                "-D", headers.toString(), "-o", body.toString()));
        command.addAll(List.of(options));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl finished within 30 s").isTrue();
        assertThat(process.exitValue()).as("curl's exit code; %s said: %s", command,
                Files.readString(dir.resolve("curl.log"))).isZero();
        return new Curl(Files.readAllLines(headers, StandardCharsets.ISO_8859_1), Files.readAllBytes(body));
    }

    private record Curl(List<String> headers, byte[] body) {
        int status() {
            return Integer.parseInt(headers.getFirst().split(" ")[1]);
        }

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst().orElse(null);
        }
    }
}
