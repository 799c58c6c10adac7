package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content cache: its limit, least-recently-used eviction by explicit timestamps, damaged entries, leftovers
 * and sharing. Uses are timed by fixed clocks after the real date, so the kernel's own access-time updates (on
 * a relatime mount, only for a time older than the file's change time) never overtake the recorded ones.
 */
class ContentCacheTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    private ContentCache cache(long limit, Instant now) {
        return new ContentCache(dir.resolve("cache"), limit, Clock.fixed(now, ZoneOffset.UTC), events::add);
    }

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A downloaded file of {@code size} random bytes; returns its SHA-256. */
    private String file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new SplittableRandom(name.hashCode()).nextBytes(bytes);
        Files.write(dir.resolve(name), bytes);
        return Sha256.of(bytes);
    }

    private String stored(String name, int size, long limit, Instant now) throws IOException {
        String sha = file(name, size);
        cache(limit, now).put(dir.resolve(name), sha);
        return sha;
    }

    private List<String> cached() throws IOException {
        return cache(Long.MAX_VALUE, T0).entries().stream().map(CacheEntry::sha256).toList();
    }

    private <T extends DownloadEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aStoredFileIsServedWithItsBytesAndItsUseIsRecorded() throws IOException {
        String sha = stored("a.mp4", 1000, 10_000, at(0));

        boolean served = cache(10_000, at(5)).restore(sha, 1000, dir.resolve("copy"));

        assertThat(served).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(Files.readAllBytes(dir.resolve("a.mp4")));
        assertThat(cache(10_000, at(6)).entries()).singleElement()
                .satisfies(e -> assertThat(e.lastUsed()).isEqualTo(at(5)))
                .satisfies(e -> assertThat(e.size()).isEqualTo(1000));
    }

    @Test
    void afterAStoreTheCacheFitsItsLimitAndSaysWhatItRemoved() throws IOException {
        String a = stored("a", 100, 250, at(0));
        String b = stored("b", 100, 250, at(1));
        String c = stored("c", 100, 250, at(2));

        assertThat(cached()).containsExactlyInAnyOrder(b, c).doesNotContain(a);
        assertThat(cache(250, at(3)).entries()).extracting(CacheEntry::size).containsOnly(100L);
        assertThat(events(DownloadEvent.CacheEvicted.class)).singleElement()
                .satisfies(e -> assertThat(e.files()).isEqualTo(1))
                .satisfies(e -> assertThat(e.bytes()).isEqualTo(100))
                .satisfies(e -> assertThat(e.describe()).isEqualTo(
                        "local cache over its 250 bytes limit: removed the 1 least recently used file (100 bytes)"));
    }

    @Test
    void evictionFollowsLastUseNotStoreOrder() throws IOException {
        String a = stored("a", 100, 250, at(0));
        String b = stored("b", 100, 250, at(1));
        assertThat(cache(250, at(2)).restore(a, 100, dir.resolve("a-again"))).isTrue();

        String c = stored("c", 100, 250, at(3));

        assertThat(cached()).containsExactlyInAnyOrder(a, c).doesNotContain(b);
        assertThat(cache(250, at(4)).entries()).extracting(CacheEntry::sha256).containsExactly(c, a);
    }

    @Test
    void storingAgainCountsAsAUse() throws IOException {
        String a = stored("a", 100, 250, at(0));
        String b = stored("b", 100, 250, at(1));
        cache(250, at(2)).put(dir.resolve("a"), a);

        stored("c", 100, 250, at(3));

        assertThat(cached()).contains(a).doesNotContain(b);
    }

    @Test
    void theEntryJustStoredIsNeverEvictedEvenWhenItsClockSaysItIsTheOldest() throws IOException {
        String a = stored("a", 100, 150, at(10));
        String b = stored("b", 100, 150, at(0)); // another process whose clock is behind

        assertThat(cached()).containsExactly(b).doesNotContain(a);
    }

    @Test
    void aFileLargerThanTheWholeLimitIsNotCachedAndTheUserIsTold() throws IOException {
        String small = stored("small", 50, 100, at(0));

        String big = stored("big.mp4", 101, 100, at(1));

        assertThat(cached()).containsExactly(small).doesNotContain(big);
        assertThat(events(DownloadEvent.CacheSkipped.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("big.mp4 not kept in the local cache: it is 101 bytes, more than the whole cache limit "
                        + "of 100 bytes"));
        assertThat(events(DownloadEvent.CacheEvicted.class)).isEmpty();
    }

    @Test
    void aTruncatedEntryIsDroppedNotServed() throws IOException {
        String sha = stored("a", 1000, 10_000, at(0));
        Path entry = cache(10_000, at(0)).entries().getFirst().path();
        try (FileChannel channel = FileChannel.open(entry, StandardOpenOption.WRITE)) {
            channel.truncate(600);
        }

        boolean served = cache(10_000, at(1)).restore(sha, 1000, dir.resolve("copy"));

        assertThat(served).isFalse();
        assertThat(entry).doesNotExist();
        assertThat(dir.resolve("copy")).doesNotExist();
        assertThat(events(DownloadEvent.CacheEntryDropped.class)).singleElement()
                .satisfies(e -> assertThat(e.describe()).isEqualTo("local cache entry %s… is damaged (it holds 600 "
                        + "bytes, the file has 1000); removed it instead of serving it", sha.substring(0, 12)));
    }

    @Test
    void anEntryWhoseBytesChangedIsDroppedAndItsCopyDeleted() throws IOException {
        String sha = stored("a", 1000, 10_000, at(0));
        Path entry = cache(10_000, at(0)).entries().getFirst().path();
        try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
            file.seek(500);
            int original = file.read();
            file.seek(500);
            file.write(original ^ 1);
        }

        boolean served = cache(10_000, at(1)).restore(sha, 1000, dir.resolve("copy"));

        assertThat(served).isFalse();
        assertThat(entry).doesNotExist();
        assertThat(dir.resolve("copy")).doesNotExist();
        assertThat(events(DownloadEvent.CacheEntryDropped.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("its bytes hash to "));
    }

    /**
     * A disk that cannot take the copy (Linux's {@code /dev/full} standing in for it, answering every write "no
     * space left on device") fails the restore with an error naming the file it could not write, since the write's
     * own error names none, and leaves the resumable part file as it was.
     */
    @Test
    void aCopyThatCannotBeWrittenNamesTheFileAndLeavesThePartFileAsItWas() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        String sha = stored("a", 1000, 10_000, at(0));
        Path part = Files.writeString(dir.resolve("a.part"), "chunks of an interrupted download");
        Path copy = dir.resolve("a.part.from-cache");
        ContentCache onAFullDisk = cache(10_000, at(1)).copiesThrough(
                path -> FileChannel.open(full, StandardOpenOption.WRITE));

        assertThatThrownBy(() -> onAFullDisk.restore(sha, 1000, part))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not write " + copy)
                .hasMessageContaining("No space left on device");
        assertThat(part).hasContent("chunks of an interrupted download");
        assertThat(copy).as("the copy beside the part file, removed").doesNotExist();
    }

    @Test
    void aLinkPlantedAtTheCopysNameIsReplacedNotWrittenThrough() throws IOException {
        String sha = stored("a", 1000, 10_000, at(0));
        Path part = Files.writeString(dir.resolve("a.part"), "chunks of an interrupted download");
        Path victim = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.createSymbolicLink(dir.resolve("a.part.from-cache"), victim);

        boolean served = cache(10_000, at(1)).restore(sha, 1000, part);

        assertThat(served).as("restored from the cache").isTrue();
        assertThat(victim).as("the file the planted link pointed at").hasContent("keep me");
        assertThat(Files.isSymbolicLink(part)).as("the restored part file is a link").isFalse();
        assertThat(Sha256.ofFile(part)).as("the restored part file's SHA-256").isEqualTo(sha);
    }

    @Test
    void anEntryReplacedByALinkIsDroppedNotRead() throws IOException {
        // In a cache folder others can write to: an empty file's entry linked to /dev/zero passes the size check
        // (0) and would be read for ever.
        String sha = stored("empty", 0, 10_000, at(0));
        Path entry = cache(10_000, at(0)).entries().getFirst().path();
        Files.delete(entry);
        Files.createSymbolicLink(entry, Path.of("/dev/zero"));

        boolean served = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> cache(10_000, at(1)).restore(sha, 0, dir.resolve("empty.part")));

        assertThat(served).as("served from a linked entry").isFalse();
        assertThat(Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the link, dropped").isFalse();
        assertThat(events(DownloadEvent.CacheEntryDropped.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("it is a symbolic link, not a file the cache wrote"));
    }

    @Test
    void aDamagedEntryLeavesWhatIsAtTheTargetAsItWas() throws IOException {
        String sha = stored("a", 1000, 10_000, at(0));
        Path entry = cache(10_000, at(0)).entries().getFirst().path();
        Files.delete(dir.resolve("a"));
        Files.write(entry, new byte[1000]); // same size, other bytes (the link to "a" is gone, so only the entry)
        Path part = Files.writeString(dir.resolve("a.part"), "chunks of an interrupted download");

        boolean served = cache(10_000, at(1)).restore(sha, 1000, part);

        assertThat(served).isFalse();
        assertThat(part).hasContent("chunks of an interrupted download");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.part", "cache");
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows refuses to delete an open file")
    void anEntryEvictedWhileBeingReadStillGivesTheReaderItsVerifiedBytes() throws IOException {
        String sha = stored("a", 100_000, 1_000_000, at(0));
        ContentCache cache = cache(1_000_000, at(1));
        Path entry = cache.entries().getFirst().path();

        boolean served;
        try (FileChannel opened = FileChannel.open(entry, StandardOpenOption.READ)) {
            cache.withLimit(1).prune(); // another process evicts everything, this entry included
            assertThat(entry).doesNotExist();
            served = cache.restoreFrom(opened, entry, sha, 100_000, dir.resolve("copy"));
        }

        assertThat(served).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("copy"))).isEqualTo(sha);
    }

    @Test
    void leftoverTempFilesOlderThanAnHourAreRemovedOnNextUseAndFreshOnesKept() throws IOException {
        String sha = stored("a", 100, 10_000, at(0));
        Path shard = cache(10_000, at(0)).entries().getFirst().path().getParent();
        Path old = Files.writeString(shard.resolve(sha + ".4242-00000000deadbeef.tmp"), "half a copy");
        Files.setLastModifiedTime(old, FileTime.from(at(100).minus(Duration.ofMinutes(61))));
        Path fresh = Files.writeString(shard.resolve(sha + ".4243-00000000cafebabe.tmp"), "being stored");
        Files.setLastModifiedTime(fresh, FileTime.from(at(100).minus(Duration.ofMinutes(59))));

        cache(10_000, at(100)).restore(sha, 100, dir.resolve("copy"));

        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(cache(10_000, at(200)).prune().leftoverTemps()).isEqualTo(1);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void pruneAppliesALowerLimitAndClearEmptiesTheCache() throws IOException {
        String a = stored("a", 100, 10_000, at(0));
        String b = stored("b", 100, 10_000, at(1));
        String c = stored("c", 100, 10_000, at(2));

        CacheCleanup pruned = cache(150, at(3)).prune();

        assertThat(pruned.removed()).extracting(CacheEntry::sha256).containsExactly(a, b);
        assertThat(pruned.removedBytes()).isEqualTo(200);
        assertThat(cached()).containsExactly(c);
        assertThat(cache(150, at(4)).clear().removed()).extracting(CacheEntry::sha256).containsExactly(c);
        assertThat(cached()).isEmpty();
    }

    @Test
    void clearAlsoRemovesTheEntryOfAnEmptyFile() throws IOException {
        // An empty file is a valid download (a manifest with no chunks) and is cached like any other; at 0 bytes
        // it never counts toward a limit, but "clear" promises to remove every entry.
        String a = stored("a", 100, 10_000, at(0));
        String empty = stored("empty", 0, 10_000, at(1));

        CacheCleanup cleared = cache(10_000, at(2)).clear();

        assertThat(cleared.removed()).extracting(CacheEntry::sha256).containsExactly(a, empty);
        assertThat(cached()).isEmpty();
    }

    @Test
    void servingFromTheCacheLeavesTheUsersHardLinkedFileUntouched() throws IOException {
        String sha = stored("a.mp4", 1000, 10_000, at(0));
        FileTime modified = FileTime.from(Instant.parse("2020-06-01T12:00:00Z"));
        Files.setLastModifiedTime(dir.resolve("a.mp4"), modified);

        cache(10_000, at(1)).restore(sha, 1000, dir.resolve("copy"));

        assertThat(Files.getLastModifiedTime(dir.resolve("a.mp4"))).isEqualTo(modified);
    }

    @Test
    void aCacheFolderThatCannotBeWrittenCostsTheCacheNotTheDownload() throws IOException {
        Files.writeString(dir.resolve("cache"), "a file where the folder should be");
        String sha = file("a.mp4", 100);

        cache(10_000, at(0)).put(dir.resolve("a.mp4"), sha);

        assertThat(events(DownloadEvent.CacheSkipped.class)).singleElement()
                .satisfies(e -> assertThat(e.describe()).startsWith("a.mp4 not kept in the local cache: could not "
                        + "store it in " + dir.resolve("cache")));
    }

    @Test
    void twoProcessesSharingTheFolderNeverServeAWrongFileNorLeaveTempsBehind() throws Exception {
        int files = 6;
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            shas.add(file("f" + i, 2_000 + i));
        }
        ContentCache one = new ContentCache(dir.resolve("cache"), 7_000, Clock.systemUTC(), events::add);
        ContentCache two = new ContentCache(dir.resolve("cache"), 7_000, Clock.systemUTC(), events::add);
        List<Callable<Void>> work = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            ContentCache cache = worker % 2 == 0 ? one : two;
            int seed = worker;
            work.add(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int op = 0; op < 60; op++) {
                    int i = random.nextInt(files);
                    if (random.nextBoolean()) {
                        cache.put(dir.resolve("f" + i), shas.get(i));
                    } else {
                        Path copy = dir.resolve("copy-%d-%d".formatted(seed, op));
                        if (cache.restore(shas.get(i), 2_000 + i, copy)) {
                            assertThat(Sha256.ofFile(copy)).isEqualTo(shas.get(i));
                        }
                    }
                }
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        }

        List<CacheEntry> left = one.entries();
        assertThat(left).allSatisfy(e -> assertThat(Sha256.ofFile(e.path())).isEqualTo(e.sha256()));
        assertThat(left.stream().mapToLong(CacheEntry::size).sum()).isLessThanOrEqualTo(7_000);
        assertThat(events(DownloadEvent.CacheEntryDropped.class)).isEmpty();
        try (var all = Files.walk(dir.resolve("cache"))) {
            assertThat(all.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }
}
