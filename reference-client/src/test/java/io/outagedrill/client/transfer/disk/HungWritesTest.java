package io.outagedrill.client.transfer.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.HungDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch on a write to the part file that does not return, on a clock of the test's: the write is held by a hung
 * disk, and the watch looks as the download's stall watch does (every 100 ms here), or does not look for a while,
 * as when the whole process was stopped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HungWritesTest {
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(100);

    @TempDir
    Path dir;

    private final HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES);
    private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final AtomicLong sectors = new AtomicLong();
    private PartFile part;
    private Thread writer;
    private HungWrites watch;
    /** What the waits told of being late ({@link DiskSilence#tellingWhenLate}). */
    private final List<Duration> told = new ArrayList<>();

    @BeforeEach
    void hangAWrite() throws Exception {
        part = PartFile.open(dir.resolve("video.bin"), disk.channels());
        writer = Thread.ofPlatform().daemon().name("hung-writer").start(() -> {
            try {
                part.write(ByteBuffer.allocate(4096), HungDisk.WRITES_FROM);
            } catch (IOException ended) {
                // the test is over
            }
        });
        assertThat(disk.awaitHungThread(10)).as("the write stuck in the disk").isSameAs(writer);
        watch = new HungWrites(part, () -> DiskSilence.starting(SILENCE, sectors::get, clock::get)
                .tellingWhenLate(told::add), clock::get);
    }

    @AfterEach
    void answer() throws Exception {
        disk.answer();
        writer.join(Duration.ofSeconds(10));
        part.close();
    }

    /** Looks every tick from now on until the watch gives up; the time, on the test's clock, that took. */
    private Duration looksUntilGivenUp() {
        long from = clock.get();
        for (int look = 0; look < 1_000; look++) {
            if (watch.check().isPresent()) {
                return Duration.ofNanos(clock.get() - from);
            }
            clock.addAndGet(TICK);
        }
        throw new AssertionError("not given up within 1000 looks");
    }

    @Test
    void aWriteWatchedForTheSilenceIsGivenUp() {
        assertThat(watch.check()).as("the first look starts the wait").isEmpty();
        clock.addAndGet(TICK);
        assertThat(looksUntilGivenUp()).as("from the second look").isEqualTo(SILENCE.minusMillis(100));
    }

    /** A download waiting on its disk says so once, a sixth of the silence (5 s) into the wait on a write. */
    @Test
    void aWriteWaitedForASixthOfTheSilenceIsToldOnce() {
        watch.check();
        looksAfter(49);
        assertThat(told).as("4.9 s into the wait").isEmpty();
        looksAfter(2);
        assertThat(told).as("5 s into the wait, then a look later").containsExactly(Duration.ofSeconds(5));
    }

    /** {@code looks} more looks, each a tick after the one before. */
    private void looksAfter(int looks) {
        for (int look = 0; look < looks; look++) {
            clock.addAndGet(TICK);
            watch.check();
        }
    }

    /**
     * Ctrl-Z for a minute while a write was under way, then {@code fg}: the first look after it found the same write
     * unfinished, 60 s after its wait began, and the download failed blaming the disk, which had nothing to do.
     */
    @Test
    void aLookAfterTheProcessDidNotRunStartsTheWaitAgain() {
        assertThat(watch.check()).isEmpty();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(60)); // the process stopped

        assertThat(watch.check()).as("the first look after the process ran again").isEmpty();
        clock.addAndGet(TICK);
        assertThat(looksUntilGivenUp()).as("a silence watched from then on").isEqualTo(SILENCE.minusMillis(100));
    }

    /**
     * The wait that gave up is handed to the journal's last save ({@link JournalWriter#flush(DiskSilence)}), to give
     * that save up at once: were it to look at the disk again and see data taken (another file's, on a machine-wide
     * reading), it would wait for a whole silence more.
     */
    @Test
    void theWaitGivenUpStaysGivenUpThoughTheDiskTakesDataLater() {
        watch.check();
        clock.addAndGet(TICK);
        looksUntilGivenUp();
        Optional<DiskSilence> gaveUp = watch.check();
        assertThat(gaveUp).isPresent();

        sectors.incrementAndGet();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(gaveUp.get().passed()).as("after the disk took data").isTrue();
    }
}
