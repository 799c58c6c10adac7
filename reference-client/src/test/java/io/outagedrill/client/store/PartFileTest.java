package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileTest {
    @TempDir
    Path dir;

    @Test
    void aBufferLargerThanOneWriteLandsWholeAtItsPositionAndIsConsumed() throws IOException {
        byte[] bytes = new byte[3 * PartFile.MAX_WRITE + 1234];
        new SplittableRandom(5).nextBytes(bytes);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 100);
        direct.position(100);
        direct.put(bytes).flip().position(100);
        long at = 7L * PartFile.MAX_WRITE + 17;

        try (PartFile part = PartFile.open(dir.resolve("video.bin"))) {
            part.write(direct, at);
        }

        assertThat(direct.position()).as("the buffer's position after the write").isEqualTo(direct.limit());
        assertThat(direct.limit()).as("the buffer's limit after the write").isEqualTo(bytes.length + 100);
        byte[] file = Files.readAllBytes(PartFile.pathFor(dir.resolve("video.bin")));
        assertThat(file.length).as("the part file's size").isEqualTo(at + bytes.length);
        assertThat(Arrays.copyOfRange(file, (int) at, file.length)).as("the bytes at the write's position")
                .isEqualTo(bytes);
        assertThat(Arrays.copyOfRange(file, 0, (int) at)).as("the bytes before it").containsOnly(0);
    }
}
