package io.outagedrill.client.transfer.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import io.outagedrill.client.testing.ForwardingFileChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal as a crash would find it: a verified chunk is saved at once when nothing was saved for a while, the
 * chunks that follow within the save interval wait for one save together when it ends, and a flush (interrupted or
 * not) or a close saves everything at once, whatever the interval.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalWriterTest {
    /** Far longer than the test takes: a save that waited for it would make the test time out. */
    private static final Duration LONG_INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private PartFile part;
    private Journal journal;
    private JournalWriter writer;

    @BeforeEach
    void open() throws IOException {
        part = PartFile.open(dir.resolve("video.bin"));
        journal = Journal.beside(part.path());
        writer = writer(LONG_INTERVAL);
    }

    /** A writer for a 4 MiB file of four 1 MiB chunks, none verified yet. */
    private JournalWriter writer(Duration interval) {
        return new JournalWriter(journal, part, new JournalState("video.bin", "digest", 1, "content", 4 << 20,
                1 << 20, new BitSet(), Map.of()), interval);
    }

    @AfterEach
    void closeAll() throws IOException {
        writer.close();
        part.close();
    }

    @Test
    void theFirstChunkIsSavedAtOnceAndTheNextWaitForTheInterval() throws IOException {
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));

        writer.verified(1);
        writer.verified(2);
        await("chunks 1 and 2 kept back for one save after the interval").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2)).until(() -> saved().equals(List.of(0)));
    }

    @Test
    void chunksHeldBackAreSavedWhenTheIntervalEnds() throws IOException {
        writer.close();
        writer = writer(Duration.ofMillis(200));
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));

        writer.verified(1);

        await("chunk 1 saved by itself once the 200 ms interval ended, no flush").atMost(Duration.ofSeconds(10))
                .until(() -> saved().equals(List.of(0, 1)));
    }

    @Test
    void anInterruptedFlushStillSavesAndKeepsTheInterrupt() throws IOException {
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));
        writer.verified(1);

        Thread.currentThread().interrupt(); // as a download whose thread is interrupted flushes its journal
        try {
            writer.flush();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt, kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(saved()).as("verified chunks in the journal after an interrupted flush()").containsExactly(0, 1);
    }

    @Test
    void aFlushSavesEverythingAtOnceWhateverTheInterval() throws IOException {
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));
        writer.verified(1);
        writer.etag("https://cdn.test/video.bin", "\"v1\"");

        writer.flush(); // within the minute-long interval: only the flush can have saved it

        assertThat(saved()).as("verified chunks in the journal after flush()").containsExactly(0, 1);
        assertThat(journal.load().orElseThrow().etags()).as("ETags in the journal after flush()")
                .containsEntry("https://cdn.test/video.bin", "\"v1\"");
    }

    @Test
    void closingSavesWhatIsLeftAtOnce() throws IOException {
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));
        writer.verified(3);

        writer.close();

        assertThat(saved()).as("verified chunks in the journal after close()").containsExactly(0, 3);
    }

    /**
     * A complete download closes its journal without a last save (the journal is deleted once the file is renamed):
     * the journal stays as last saved, which is still true, and the writer stops at once.
     */
    @Test
    void closingUnsavedLeavesTheJournalAsLastSaved() throws IOException {
        writer.verified(0);
        await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));
        writer.verified(1);
        writer.verified(2);

        writer.closeUnsaved(); // within the minute-long interval: chunks 1 and 2 were never saved

        assertThat(saved()).as("verified chunks in the journal after closeUnsaved()").containsExactly(0);
        writer.close(); // and a close after it saves nothing either
        assertThat(saved()).as("verified chunks in the journal after a later close()").containsExactly(0);
    }

    /**
     * A disk that stops answering (a forced write that never returns) must not hold a flush for ever: the wait gives
     * up at its limit saying so, the journal keeps its last complete save, and the save given up, should the disk
     * answer after all, replaces nothing.
     */
    @Test
    void aFlushGivesUpOnAHungDiskSayingSoAndTheLastSaveStaysIntact() throws Exception {
        CountDownLatch diskAnswers = new CountDownLatch(1);
        AtomicBoolean hung = new AtomicBoolean();
        CountDownLatch forcedLate = new CountDownLatch(1);
        writer.close();
        part.close();
        part = PartFile.open(dir.resolve("video.bin"), path -> new ForwardingFileChannel(PartFile.openOwnFile(path)) {
            @Override
            public void force(boolean metaData) throws IOException {
                if (hung.get()) {
                    awaitUninterruptibly(diskAnswers);
                    super.force(metaData);
                    forcedLate.countDown();
                    return;
                }
                super.force(metaData);
            }
        });
        writer = new JournalWriter(journal, part, new JournalState("video.bin", "digest", 1, "content", 4 << 20,
                1 << 20, new BitSet(), Map.of()), LONG_INTERVAL, Duration.ofMillis(300));
        try {
            writer.verified(0);
            await("chunk 0 in the journal").atMost(Duration.ofSeconds(10)).until(() -> saved().equals(List.of(0)));
            hung.set(true);
            writer.verified(1);

            assertThatThrownBy(writer::flush).as("a flush whose save hangs in a forced write")
                    .isInstanceOf(JournalWriter.SaveAbandoned.class)
                    .hasMessageContaining("the journal " + journal.path() + " was not saved")
                    .hasMessageContaining("forcing video.bin.part to disk (fsync) did not finish (the disk took no data "
                            + "for 300 ms")
                    .hasMessageContaining("it keeps its last complete save, with 1 of 4 chunks verified");
            assertThat(saved()).as("verified chunks in the journal after the flush gave up").containsExactly(0);
            assertThatThrownBy(writer::close).as("a close after it, the save still hung")
                    .isInstanceOf(JournalWriter.SaveAbandoned.class);
        } finally {
            diskAnswers.countDown();
        }
        assertThat(forcedLate.await(10, TimeUnit.SECONDS)).as("the hung forced write, answered late").isTrue();
        await("the late save, given up, replacing nothing").during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(5)).until(() -> saved().equals(List.of(0)));
        assertThat(journal.load()).as("the journal, whole and readable").isPresent();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                if (latch.await(60, TimeUnit.SECONDS)) {
                    break;
                }
                throw new IllegalStateException("the test never let the hung disk answer");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Integer> saved() throws IOException {
        return journal.load().map(s -> s.verified().stream().boxed().toList()).orElse(List.of());
    }
}
