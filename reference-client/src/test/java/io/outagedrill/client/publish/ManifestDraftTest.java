package io.outagedrill.client.publish;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestDraftTest {

    private static final Instant EXPIRES = Instant.now().plus(java.time.Duration.ofDays(30))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final Mirror FASTLY = new Mirror("fastly", URI.create("https://fastly.example/v/movie.mp4"), 1,
            "", null);
    private static final Mirror S3 = new Mirror("s3", URI.create("https://bucket.s3.example/media/movie.mp4"), 2,
            "eu-west", "aws");

    @TempDir
    Path dir;

    private Path file(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void hashesTheWholeFileAndEachChunkAsAnIndependentDigestDoes() throws Exception {
        Path movie = file("movie.mp4", 10 * 1024 * 1024 + 123, 1);

        Manifest manifest = ManifestDraft.of(movie).mirror(FASTLY).mirror(S3).chunkSize(1 << 20).expires(EXPIRES)
                .version(4).mimeType("video/mp4").build();

        byte[] bytes = Files.readAllBytes(movie);
        assertThat(manifest.target().size()).isEqualTo(bytes.length);
        assertThat(manifest.target().sha256()).isEqualTo(sha256sum(movie)).isEqualTo(sha256(bytes));
        assertThat(manifest.target().chunks()).hasSize(11);
        for (int i = 0; i < 11; i++) {
            int from = i << 20;
            byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + (1 << 20)));
            assertThat(manifest.target().chunks().get(i)).as("chunk %d", i).isEqualTo(sha256(chunk));
        }
        assertThat(manifest.target().mirrors()).containsExactly(FASTLY, S3);
        assertThat(manifest.file()).isEqualTo("movie.mp4");
        assertThat(manifest.version()).isEqualTo(4);
        assertThat(manifest.expires()).isEqualTo(EXPIRES);
    }

    @Test
    void anEmptyFileHasNoChunks() throws Exception {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);

        Manifest manifest = ManifestDraft.of(empty).mirror(FASTLY).expires(EXPIRES).version(1).build();

        assertThat(manifest.target().chunks()).isEmpty();
        assertThat(manifest.target().sha256()).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void picksFourMebibyteChunksUnlessTheFileNeedsLargerOnes() {
        assertThat(ManifestDraft.chunkSizeFor(1L << 30)).isEqualTo(4L << 20);
        // 100 GiB in 4 MiB chunks needs 25,600 hashes, over the budget: 8 MiB gives 12,800, still over; 16 MiB fits.
        assertThat(ManifestDraft.chunkSizeFor(100L << 30)).isEqualTo(16L << 20);
    }

    /** A mirror given twice, or with credentials that the manifest would publish, is refused before hashing. */
    @Test
    void refusesAMirrorGivenTwiceOrOneWithCredentialsInItsUrl() throws IOException {
        Path movie = file("movie.mp4", 20_000, 2);

        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(FASTLY).mirror(FASTLY).expires(EXPIRES).version(1)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mirror " + FASTLY.url() + " is given twice; each mirror once");
        Mirror withPassword = new Mirror("cdn", URI.create("https://alice:s3cret@cdn.example/movie.mp4"), 1, "",
                "cdn");
        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(withPassword).expires(EXPIRES).version(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mirror https://***@cdn.example/movie.mp4: a URL with a user name or "
                        + "password in it would be published")
                .message().doesNotContain("s3cret");
        Mirror emptyUser = new Mirror("cdn", URI.create("https://@cdn.example/movie.mp4"), 1, "", "cdn");
        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(emptyUser).expires(EXPIRES).version(1).build())
                .hasMessageStartingWith("mirror https://***@cdn.example/movie.mp4: a URL with a user name");
    }

    @Test
    void refusesAChunkSizeWhoseHashesCannotFitInAManifestBeforeHashing() throws IOException {
        Path movie = file("movie.mp4", 20_000, 2);

        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(FASTLY).chunkSize(1).expires(EXPIRES).version(1)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20000 chunk hashes, more than the 15000 that fit in a manifest")
                .as("20000 bytes fit in 15000 chunks of 2 bytes")
                .hasMessageContaining("use chunks of at least 2 bytes (without a chunk size: 4194304)");
    }

    @Test
    void alternatesAreHashedAndServedBesideTheMainFileOnEveryMirror() throws Exception {
        Path movie = file("movie.mp4", 300_000, 3);
        Path small = file("movie 720p.mp4", 100_000, 4);

        Manifest manifest = ManifestDraft.of(movie).mirror(FASTLY).mirror(S3).chunkSize(64 * 1024)
                .alternate("720p", "smaller", small, ManifestDraft.sameFolder(List.of(FASTLY, S3), "movie 720p.mp4"))
                .expires(EXPIRES).version(1).build();

        var alternate = manifest.alternate("720p").orElseThrow();
        assertThat(alternate.target().sha256()).isEqualTo(sha256(Files.readAllBytes(small)));
        assertThat(alternate.target().chunks()).hasSize(2);
        assertThat(alternate.target().mirrors()).extracting(m -> m.url().toString()).containsExactly(
                "https://fastly.example/v/movie%20720p.mp4", "https://bucket.s3.example/media/movie%20720p.mp4");
        assertThat(alternate.target().mirrors()).extracting(Mirror::region).containsExactly("", "eu-west");
    }

    @Test
    void refusesWhatAClientWouldRefuseNamingTheField() throws IOException {
        Path movie = file("movie.mp4", 1000, 5);
        Mirror plain = new Mirror("local", URI.create("http://127.0.0.1:8080/movie.mp4"), 1, "", null);

        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(plain).expires(EXPIRES).version(1).build())
                .hasMessageContaining("mirrors[0].url");
        assertThat(ManifestDraft.of(movie).mirror(plain).expires(EXPIRES).version(1)
                .build(ManifestJson.Options.ALLOW_PLAIN_HTTP).target().mirrors()).containsExactly(plain);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** coreutils' sha256sum: a hash computed outside this JVM. */
    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("sha256sum finished").isTrue();
        return output.substring(0, 64);
    }

    /** What every client refuses (expired) or a publisher must not sign (a lifetime past a year) is refused here. */
    @Test
    void anExpiryInThePastOrMoreThanAYearAheadIsRefused() throws Exception {
        Path movie = file("movie.mp4", 1024, 1);
        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(FASTLY).expires(Instant.now().minusSeconds(3600))
                .version(1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("expires: expected a time after now \\(\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\\), saw "
                        + "\\d{4}-.*Z: every client refuses an expired manifest");
        assertThatThrownBy(() -> ManifestDraft.of(movie).mirror(FASTLY).expires(Instant.now().plus(
                java.time.Duration.ofDays(3650))).version(1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expires: expected at most 366 days from now");
    }
}
