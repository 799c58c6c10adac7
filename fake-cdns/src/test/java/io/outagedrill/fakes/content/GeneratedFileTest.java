package io.outagedrill.fakes.content;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratedFileTest {

    @Test
    void sameNameSizeAndSeedGiveTheSameBytes() {
        byte[] a = readAll(GeneratedFile.of("a.bin", 10_000, 7));
        byte[] b = readAll(GeneratedFile.of("a.bin", 10_000, 7));
        assertThat(a).isEqualTo(b);
        assertThat(GeneratedFile.of("a.bin", 10_000, 7)).isEqualTo(GeneratedFile.of("a.bin", 10_000, 7));
    }

    @Test
    void anotherNameSizeOrSeedGivesUnrelatedBytesAndAnotherEtag() {
        GeneratedFile base = GeneratedFile.of("a.bin", 4096, 7);
        for (GeneratedFile other : new GeneratedFile[]{GeneratedFile.of("b.bin", 4096, 7),
                GeneratedFile.of("a.bin", 4096, 8), GeneratedFile.of("a.bin", 4097, 7)}) {
            byte[] x = readAll(base);
            byte[] y = Arrays.copyOf(readAll(other), 4096);
            assertThat(x).isNotEqualTo(y);
            assertThat(Arrays.copyOf(x, 64)).isNotEqualTo(Arrays.copyOf(y, 64)); // differs from the start
            assertThat(other.etag()).isNotEqualTo(base.etag());
        }
    }

    @Test
    void randomAccessAtAnyAlignmentEqualsSequentialReading() {
        GeneratedFile file = GeneratedFile.of("r.bin", 300_001, 42);
        byte[] all = readAll(file);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            long offset = random.nextLong(file.size());
            int len = (int) Math.min(random.nextInt(0, 70_000), file.size() - offset);
            byte[] buf = new byte[len + 3];
            file.read(offset, buf, 3, len);
            assertThat(Arrays.copyOfRange(buf, 3, len + 3))
                    .as("read at %d of %d bytes", offset, len)
                    .isEqualTo(Arrays.copyOfRange(all, (int) offset, (int) offset + len));
        }
    }

    @Test
    void looksRandomEnough() {
        byte[] all = readAll(GeneratedFile.of("stats.bin", 1 << 20, 3));
        int[] counts = new int[256];
        for (byte b : all) {
            counts[b & 0xff]++;
        }
        // 4096 expected per value; a broken generator (zeros, short cycle) fails this by far.
        assertThat(Arrays.stream(counts).min().orElseThrow()).isGreaterThan(3700);
        assertThat(Arrays.stream(counts).max().orElseThrow()).isLessThan(4500);
    }

    @Test
    void sha256AndChunkHashesMatchAnIndependentHashOfTheStreamedBytes() throws Exception {
        GeneratedFile file = GeneratedFile.of("h.bin", 1_000_003, 99);
        byte[] all;
        try (InputStream in = file.open()) {
            all = in.readAllBytes();
        }
        assertThat(all).hasSize(1_000_003);
        assertThat(file.sha256()).isEqualTo(hex(all, 0, all.length));
        long chunk = 256 * 1024;
        assertThat(file.chunkHashes(chunk)).containsExactly(
                hex(all, 0, 262_144), hex(all, 262_144, 262_144), hex(all, 524_288, 262_144),
                hex(all, 786_432, 1_000_003 - 786_432));
        assertThat(file.chunkHashes(chunk)).isSameAs(file.chunkHashes(chunk)); // cached
    }

    @Test
    void openReadsASpanAndStopsAtItsEnd() throws IOException {
        GeneratedFile file = GeneratedFile.of("s.bin", 1000, 5);
        try (InputStream in = file.open(990, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(readAll(file), 990, 1000));
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> file.open(995, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> file.read(999, new byte[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void explicitBytesAreHostedAsGiven() throws IOException {
        HostedContent content = HostedContent.ofBytes("hello.txt", "hello, world".getBytes());
        assertThat(content.size()).isEqualTo(12);
        assertThat(content.open(7, 5).readAllBytes()).isEqualTo("world".getBytes());
        assertThat(content.sha256()).isEqualTo(hex("hello, world".getBytes(), 0, 12));
        assertThat(content.etag()).startsWith("\"").endsWith("\"")
                .isEqualTo(HostedContent.ofBytes("other name", "hello, world".getBytes()).etag());
    }

    @Test
    void aMultiGibibyteFileCostsNoMemoryToDescribe() {
        GeneratedFile huge = GeneratedFile.of("huge.bin", 8L << 30, 1);
        byte[] tail = new byte[16];
        huge.read(huge.size() - 16, tail, 0, 16);
        assertThat(tail).isNotEqualTo(new byte[16]);
    }

    private static byte[] readAll(HostedContent content) {
        byte[] all = new byte[(int) content.size()];
        content.read(0, all, 0, all.length);
        return all;
    }

    private static String hex(byte[] bytes, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
