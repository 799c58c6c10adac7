package io.outagedrill.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wait on a disk gives up once the disk has taken no data for its silence, not once the silence has passed: a
 * slow disk at work is waited for (up to the cap), a dead one is not. A wait is used from one thread: the checks here
 * poll in the test's own thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskSilenceTest {
    @TempDir
    Path dir;

    @Test
    void aDiskThatTakesNothingIsGivenUpAfterTheSilence() {
        Duration silence = Duration.ofMillis(300);
        long started = System.nanoTime();
        DiskSilence wait = DiskSilence.starting(silence, DiskSilence.NONE);

        assertThat(wait.passed()).as("at once").isFalse();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(wait::passed);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait").isGreaterThanOrEqualTo(silence);
        assertThat(wait.why()).isEqualTo("the disk took no data for 300 ms");
    }

    /** A wait says once, a sixth of the silence in, how long it has gone on: a word for the user while it waits. */
    @Test
    void aWaitTellsOnceASixthOfTheSilenceIn() {
        AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(1));
        java.util.List<Duration> told = new java.util.ArrayList<>();
        DiskSilence wait = DiskSilence.starting(Duration.ofSeconds(30), DiskSilence.NONE, clock::get)
                .tellingWhenLate(told::add);
        for (int look = 0; look < 49; look++) {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
            wait.passed();
        }
        assertThat(told).as("4.9 s in").isEmpty();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        wait.passed();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        wait.passed();
        assertThat(told).as("5 s in, then 15 s in").containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aDiskThatKeepsTakingDataIsWaitedForPastTheSilenceUntilTheCap() {
        Duration silence = Duration.ofMillis(60);
        AtomicLong written = new AtomicLong();
        DiskSilence wait = DiskSilence.starting(silence, written::incrementAndGet); // more at every look

        await().pollInSameThread().during(silence.multipliedBy(5)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5)).until(() -> !wait.passed());
        // The cap: sixty silences in all, whatever the disk does (3.6 s here).
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(wait::passed);
        assertThat(wait.why()).as("why it gave up").contains("the most a disk is waited for")
                .contains("though the disk kept taking data");
    }

    @Test
    void aDiskThatStopsTakingDataIsGivenUpASilenceAfterItsLastData() {
        Duration silence = Duration.ofMillis(400);
        AtomicLong written = new AtomicLong();
        AtomicBoolean working = new AtomicBoolean(true);
        DiskSilence wait = DiskSilence.starting(silence,
                () -> working.get() ? written.incrementAndGet() : written.get());

        await().pollInSameThread().during(silence.multipliedBy(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> !wait.passed());
        working.set(false);
        long stopped = System.nanoTime();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(wait::passed);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("from the disk's last data to giving up")
                .isGreaterThanOrEqualTo(silence.dividedBy(4).multipliedBy(3)); // its last look may come a quarter late
    }

    /** The default activity reads this machine's /proc: a file written and forced shows as data the disk took. */
    @Test
    void writingAFileToItsDiskChangesTheActivityOfThatDisk() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/diskstats")), "no /proc/diskstats here");
        Path file = dir.resolve("written.bin");
        Files.createFile(file);
        assumeTrue(!Files.getFileStore(file).type().equals("tmpfs"), "the temp folder is in memory (tmpfs), no disk");
        DiskSilence.Activity activity = DiskSilence.of(file);
        long before = activity.marker();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer megabyte = ByteBuffer.allocate(1 << 20);
            for (int i = 0; i < 8; i++) {
                channel.write(megabyte.clear());
            }
            channel.force(true);
        }
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> activity.marker() != before);
    }
}
