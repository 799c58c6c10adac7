package io.outagedrill.fakes.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.http.FaultRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileOnDiskTest {
    /** Not a multiple of the chunk size: the last chunk is short. */
    static final int SIZE = (3 << 20) + 12_345;
    static final long CHUNK = 1 << 20;

    @TempDir
    Path dir;

    private byte[] randomFile(Path path, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        Files.write(path, bytes);
        return bytes;
    }

    @Test
    void publishingHashesTheBytesOnDiskWholeAndPerChunk() throws Exception {
        Path path = dir.resolve("movie.mp4");
        byte[] bytes = randomFile(path, SIZE, 1);

        FileOnDisk file = FileOnDisk.publish(path, "movie.mp4", CHUNK);

        assertThat(file.size()).isEqualTo(SIZE);
        assertThat(file.sha256()).isEqualTo(sha256(bytes, 0, SIZE));
        List<String> expected = new ArrayList<>();
        for (int at = 0; at < SIZE; at += (int) CHUNK) {
            expected.add(sha256(bytes, at, (int) Math.min(CHUNK, SIZE - at)));
        }
        assertThat(file.chunkHashes(CHUNK)).as("4 chunk hashes, the last of a short chunk").hasSize(4)
                .containsExactlyElementsOf(expected);
        assertThat(file.chunkHashes(2 * CHUNK)).as("another chunk size, hashed from disk when asked")
                .containsExactly(sha256(bytes, 0, 2 * (int) CHUNK),
                        sha256(bytes, 2 * (int) CHUNK, SIZE - 2 * (int) CHUNK));
        assertThat(file.chunkSize()).isEqualTo(CHUNK);
        assertThat(file.path()).isEqualTo(path.toAbsolutePath());
        assertThat(file.etag()).startsWith("\"f-").endsWith("\"").doesNotStartWith("W/");
        assertThat(file.lastModified()).isEqualTo(Files.getLastModifiedTime(path).toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void readsAtAnyOffsetAreTheBytesOnDisk() throws Exception {
        Path path = dir.resolve("a.bin");
        byte[] bytes = randomFile(path, SIZE, 2);
        FileOnDisk file = FileOnDisk.publish(path, "a.bin", CHUNK);

        for (int[] span : new int[][]{{0, 1}, {7, 65_536}, {(int) CHUNK - 3, 10}, {SIZE - 100, 100}, {SIZE, 0}}) {
            byte[] read = new byte[span[1] + 2];
            file.read(span[0], read, 1, span[1]);
            assertThat(Arrays.copyOfRange(read, 1, 1 + span[1])).as("bytes [%d, +%d)", span[0], span[1])
                    .isEqualTo(Arrays.copyOfRange(bytes, span[0], span[0] + span[1]));
        }
        try (InputStream whole = file.open()) {
            assertThat(whole.readAllBytes()).isEqualTo(bytes);
        }
        assertThatThrownBy(() -> file.read(SIZE - 1, new byte[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFileChangedInPlaceIsServedAsItIsNowUnderThePublishedHashes() throws Exception {
        Path path = dir.resolve("b.bin");
        byte[] bytes = randomFile(path, SIZE, 3);
        FileOnDisk file = FileOnDisk.publish(path, "b.bin", CHUNK);
        String publishedSha = file.sha256();
        String publishedTag = file.etag();

        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{(byte) ~bytes[1_500_000]}), 1_500_000);
        }

        byte[] one = new byte[1];
        file.read(1_500_000, one, 0, 1);
        assertThat(one[0]).as("the changed byte, read from disk").isEqualTo((byte) ~bytes[1_500_000]);
        assertThat(file.sha256()).as("what its manifest says stays the published version's").isEqualTo(publishedSha);
        assertThat(file.etag()).isEqualTo(publishedTag);
    }

    @Test
    void aFileCutShorterAfterPublishingEndsReadsWithAnErrorThatSaysSo() throws Exception {
        Path path = dir.resolve("c.bin");
        randomFile(path, SIZE, 4);
        FileOnDisk file = FileOnDisk.publish(path, "c.bin", CHUNK);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }

        assertThatThrownBy(() -> file.read(900, new byte[200], 0, 200)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ends at byte 1000").hasMessageContaining(SIZE + " bytes")
                .hasMessageContaining("changed on disk");
    }

    @Test
    void aSwapContentRuleToAFileOnDiskShowsItsNamePathAndSizeAsJson() throws Exception {
        Path path = dir.resolve("v2.bin");
        randomFile(path, 1000, 5);
        FileOnDisk file = FileOnDisk.publish(path, "v2.bin", CHUNK);

        JsonNode shown = new ObjectMapper().valueToTree(new FaultRule.SwapContent(file));

        assertThat(shown.path("type").asText()).isEqualTo("swap-content");
        assertThat(shown.path("replacement").path("name").asText()).isEqualTo("v2.bin");
        assertThat(shown.path("replacement").path("size").asLong()).isEqualTo(1000);
        assertThat(shown.path("replacement").path("path").asText()).endsWith("/v2.bin");
    }

    @Test
    void aMissingFileOrAFolderCannotBePublished() {
        assertThatThrownBy(() -> FileOnDisk.publish(dir.resolve("absent.bin"), "absent.bin", CHUNK))
                .isInstanceOf(IOException.class).hasMessageContaining("no such file").hasMessageContaining("absent.bin");
        assertThatThrownBy(() -> FileOnDisk.publish(dir, "dir", CHUNK))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a regular file");
    }

    private static String sha256(byte[] bytes, int offset, int length) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(bytes, offset, length);
        return HexFormat.of().formatHex(digest.digest());
    }
}
