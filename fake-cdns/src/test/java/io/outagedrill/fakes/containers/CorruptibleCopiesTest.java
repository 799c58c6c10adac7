package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.corrupt-bytes} on a real server's own copy of its files, without a server: the bytes on disk that nginx
 * would send, and the modification time its ETag and Last-Modified come from.
 */
class CorruptibleCopiesTest {
    private static final GeneratedFile VIDEO = GeneratedFile.of("video.mp4", 64 * 1024, 7);
    private static final GeneratedFile OTHER = GeneratedFile.of("other.bin", 8 * 1024, 8);
    // Long past, so that a write leaving the time as the write's own would certainly be seen.
    private static final FileTime STAGED = FileTime.from(Instant.parse("2020-01-02T03:04:05.123456Z"));

    @TempDir
    Path work;

    @Test
    void invertsEveryBitOfTheByteAtEachOffsetKeepsTheTimeAndWritesTheGoodBytesBack() throws Exception {
        Path file = staged(VIDEO);
        byte[] good = Files.readAllBytes(file);
        CorruptibleFile copy = new CorruptibleFile(file);

        Runnable clear = copy.invert(List.of(0L, 100L, 65_535L, 65_536L, 1_000_000L));

        byte[] bad = Files.readAllBytes(file);
        assertThat(bad).as("the copy's length (offsets past the end change nothing)").hasSameSizeAs(good);
        assertThat(differences(good, bad)).as("offsets whose byte changed").containsExactly(0L, 100L, 65_535L);
        for (int offset : new int[] {0, 100, 65_535}) {
            assertThat(bad[offset]).as("byte at %d, every bit inverted from %s", offset, good[offset])
                    .isEqualTo((byte) ~good[offset]);
        }
        assertThat(Files.getLastModifiedTime(file)).as("modification time while corrupt (nginx's ETag)")
                .isEqualTo(STAGED);

        clear.run();

        assertThat(Files.readAllBytes(file)).as("the copy once the rule is cleared").isEqualTo(good);
        assertThat(Files.getLastModifiedTime(file)).as("modification time once cleared").isEqualTo(STAGED);
    }

    @Test
    void overlappingRulesInvertAByteOnceAndItComesBackWithTheLastRuleNamingIt() throws Exception {
        Path file = staged(VIDEO);
        byte[] good = Files.readAllBytes(file);
        CorruptibleFile copy = new CorruptibleFile(file);

        Runnable first = copy.invert(List.of(10L, 20L));
        Runnable second = copy.invert(List.of(20L, 30L, 30L));
        assertThat(differences(good, Files.readAllBytes(file))).as("changed offsets with both rules")
                .containsExactly(10L, 20L, 30L);

        first.run();
        assertThat(differences(good, Files.readAllBytes(file))).as("changed offsets once the first is cleared")
                .containsExactly(20L, 30L);
        first.run();
        assertThat(differences(good, Files.readAllBytes(file))).as("after clearing the first a second time")
                .containsExactly(20L, 30L);

        second.run();
        assertThat(Files.readAllBytes(file)).as("the copy once both are cleared").isEqualTo(good);
        assertThat(Files.getLastModifiedTime(file)).as("modification time").isEqualTo(STAGED);
    }

    @Test
    void onlyTheLyingProvidersOwnCopyOfTheFilesOnTheScopesPathChanges() throws Exception {
        StagedFiles files = new StagedFiles(work);
        Map<String, GeneratedFile> byPath = Map.of("/video.mp4", VIDEO, "/other.bin", OTHER);
        Path shared = files.layout(byPath).root();
        StagedFiles.OwnCopy copy = files.ownLayout("fastly", byPath);
        Path own = copy.root();
        assertThat(copy.byPath()).as("fastly's own files by path").isEqualTo(Map.of(
                "/video.mp4", own.resolve("video.mp4"), "/other.bin", own.resolve("other.bin")));
        byte[] goodVideo = Files.readAllBytes(shared.resolve("video.mp4"));
        byte[] goodOther = Files.readAllBytes(shared.resolve("other.bin"));
        CorruptibleCopies copies = new CorruptibleCopies();
        copies.register("fastly", copy.byPath());

        Runnable clear = copies.corrupt("fastly", FaultRule.CorruptBytes.at(5, 6000), Scope.onPath("/video*"));

        assertThat(differences(goodVideo, Files.readAllBytes(own.resolve("video.mp4"))))
                .as("changed offsets of fastly's video.mp4").containsExactly(5L, 6000L);
        assertThat(Files.readAllBytes(own.resolve("other.bin"))).as("fastly's other.bin, off the scope's path")
                .isEqualTo(goodOther);
        assertThat(Files.readAllBytes(shared.resolve("video.mp4"))).as("the copy the other providers share")
                .isEqualTo(goodVideo);
        assertThat(Files.readAllBytes(files.bytesOf(VIDEO))).as("the staged bytes the shared copy links to")
                .isEqualTo(goodVideo);

        clear.run();
        assertThat(Files.readAllBytes(own.resolve("video.mp4"))).as("fastly's video.mp4 once cleared")
                .isEqualTo(goodVideo);
    }

    @Test
    void aScopeThatPicksRequestsAndAProviderWithoutItsOwnCopyAreRefusedSayingWhy() {
        CorruptibleCopies copies = new CorruptibleCopies();
        copies.register("fastly", Map.of());
        FaultRule.CorruptBytes rule = FaultRule.CorruptBytes.at(1);

        for (Scope picky : List.of(Scope.all().probability(0.5, 1), Scope.all().times(2),
                Scope.all().afterRequests(1), Scope.all().bytes(0, 10))) {
            assertThatThrownBy(() -> copies.corrupt("fastly", rule, picky)).as("scope %s", picky)
                    .isInstanceOf(FaultNotApplicableException.class)
                    .hasMessage("a real server's bad copy of a file is bad in every response that carries the "
                            + "byte; a share, count, warm-up, per-client count or byte range of requests in the "
                            + "scope is the fake file server's");
        }
        assertThat(CorruptibleCopies.unsupported(Scope.onPath("/x/**"))).as("a path scope").isEmpty();
        assertThatThrownBy(() -> copies.corrupt("cloudflare", rule, Scope.all()))
                .isInstanceOf(FaultNotApplicableException.class)
                .hasMessageStartingWith("provider cloudflare has no copy of the files of its own to corrupt")
                .hasMessageEndingWith("providers with their own copy: [fastly]");
    }

    private Path staged(GeneratedFile generated) throws Exception {
        Path file = work.resolve(generated.name());
        byte[] bytes = new byte[(int) generated.size()];
        generated.read(0, bytes, 0, bytes.length);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, STAGED);
        return file;
    }

    private static Set<Long> differences(byte[] good, byte[] seen) {
        Set<Long> changed = new TreeSet<>();
        for (int i = 0; i < good.length; i++) {
            if (good[i] != seen[i]) {
                changed.add((long) i);
            }
        }
        return changed;
    }
}
