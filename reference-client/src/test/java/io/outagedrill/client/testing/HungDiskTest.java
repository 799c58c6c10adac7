package io.outagedrill.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The test disk itself: a slow disk answers when its test says, whatever else happens in the JVM meanwhile.
 * Isolated: its test lets a thread die uncaught on purpose, and Awaitility fails any other class's wait that is under
 * way when one does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@Isolated
class HungDiskTest {
    @TempDir
    Path dir;

    /**
     * Test classes run several at a time in one JVM, and Awaitility fails a wait on an uncaught exception in any thread
     * by default: one elsewhere (another class's, a download's thread) made the slow disk never answer, and the test
     * waiting on it failed after its guard, a minute later, for nothing of its own.
     */
    @Test
    void aSlowDiskAnswersThoughAnotherThreadDiesMeanwhile() throws Exception {
        try (HungDisk disk = new HungDisk(HungDisk.Hangs.WRITES);
             PartFile part = PartFile.open(dir.resolve("video.bin"), disk.channels())) {
            Thread writer = Thread.ofPlatform().daemon().name("slow-writer").start(() -> {
                try {
                    part.write(ByteBuffer.allocate(4096), HungDisk.WRITES_FROM);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicBoolean answerNow = new AtomicBoolean();
            Thread answering = disk.answerOnceHungAnd(() -> {
                waiting.countDown();
                return answerNow.get();
            });
            assertThat(waiting.await(20, TimeUnit.SECONDS)).as("the slow disk waits for its moment").isTrue();

            Thread dying = Thread.ofPlatform().name("dies-elsewhere").unstarted(() -> {
                throw new IllegalStateException("an uncaught exception elsewhere in the JVM");
            });
            dying.setUncaughtExceptionHandler(null); // the JVM's default handler, which Awaitility stands in for
            dying.start();
            dying.join();
            answerNow.set(true);

            answering.join(Duration.ofSeconds(20));
            writer.join(Duration.ofSeconds(20));
            assertThat(writer.isAlive()).as("the write held by the slow disk, once it was to answer").isFalse();
        }
    }
}
