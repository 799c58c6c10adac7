package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Saves the journal in the background, coalescing: the chunks that verify while one save runs, or within
 * {@link #SAVE_INTERVAL} of its start, go into the next save together, so fsyncs stay off the transfer threads and
 * their count is bounded by time, not by the chunk count. Each save forces the part file first: a chunk is in the
 * journal only once its bytes are durable. {@link #flush} and {@link #close} save at once, and wait for that
 * save through an interrupt for up to {@link #INTERRUPTED_FLUSH_LIMIT}; {@link #closeUnsaved} ends a complete
 * download's journal without a last save.
 */
public final class JournalWriter implements AutoCloseable {
    /**
     * The least time from one save's start to the next's, unless a flush or a close asks for a save. A save is
     * three forced writes (the part file, the journal's new copy, its folder after the rename): saving whenever
     * something had changed and no save was running, a 1 GiB download over HTTPS of 256 chunks made 207 saves and
     * spent 0.25-0.3 core-s per GiB more than saving at most every 100 ms, and 0.14 s more wall time
     * (docs/benchmarks.md, "The tenth round"). What it costs: a crash loses the chunks verified since the last save
     * began, about the last 100 ms of them plus the time a save takes; the next run fetches them again (aria2c
     * saves its control file every 60 s by default).
     */
    static final Duration SAVE_INTERVAL = Duration.ofMillis(100);
    /**
     * How long an interrupted {@link #flush} or {@link #close} still waits for the save: a save takes milliseconds
     * (a few hundred on a loaded machine), a hung disk forever.
     */
    static final Duration INTERRUPTED_FLUSH_LIMIT = Duration.ofSeconds(5);

    private final Journal journal;
    private final PartFile part;
    private final JournalState base;
    private final BitSet verified;
    private final Map<String, String> etags;
    private final long intervalNanos;
    private final Thread thread;
    private long changes;
    private long saved;
    private long flushUpTo; // changes a flush waits for: saved at once, whatever the interval
    private long lastSaveStart;
    private boolean closing;
    private boolean unsaved; // closing without saving what changed since the last save
    private IOException failure;

    public JournalWriter(Journal journal, PartFile part, JournalState base) {
        this(journal, part, base, SAVE_INTERVAL);
    }

    JournalWriter(Journal journal, PartFile part, JournalState base, Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.lastSaveStart = System.nanoTime() - intervalNanos; // the first change is saved at once
        this.journal = journal;
        this.part = part;
        this.base = base;
        this.verified = base.verified();
        this.etags = new HashMap<>(base.etags());
        // A platform thread, not a virtual one: it takes JDK-internal locks (file channels, the Cleaner), and a
        // virtual thread holding one while unmounted deadlocked a test JVM once, when every carrier was pinned by
        // class loading elsewhere. The OS always schedules a platform thread, so the lock is always released.
        this.thread = Thread.ofPlatform().daemon().name("journal-" + base.file()).start(this::loop);
    }

    public synchronized void verified(int chunk) {
        verified.set(chunk);
        changes++;
        notifyAll();
    }

    public synchronized void unverified(int chunk) {
        verified.clear(chunk);
        changes++;
        notifyAll();
    }

    public synchronized void etag(String url, String etag) {
        if (!etag.equals(etags.put(url, etag))) {
            changes++;
            notifyAll();
        }
    }

    /**
     * Blocks until everything reported so far is saved. An interrupt does not cut it short, for up to
     * {@link #INTERRUPTED_FLUSH_LIMIT}: a download whose thread is interrupted (an application cancelling it)
     * flushes so that the next run keeps its verified chunks, and with saves held back for the interval there is
     * nearly always something left to save. Past that limit it returns unsaved rather than hide the interrupt
     * behind an error of its own; the interrupt is kept for the caller either way.
     */
    public synchronized void flush() throws IOException {
        ThroughInterrupt.await(() -> saved >= changes || failure != null || !thread.isAlive(), () -> {
            flushUpTo = changes;
            notifyAll();
            wait(100);
        }, null, INTERRUPTED_FLUSH_LIMIT);
        if (failure != null) {
            throw failure;
        }
    }

    private void loop() {
        while (true) {
            JournalState snapshot;
            long upTo;
            synchronized (this) {
                long waitNanos;
                while ((waitNanos = untilNextSave()) > 0) {
                    try {
                        if (waitNanos == Long.MAX_VALUE) {
                            wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (saved == changes || unsaved) {
                    return; // closing, and nothing left to save (or nothing to be saved)
                }
                upTo = changes;
                lastSaveStart = System.nanoTime();
                snapshot = new JournalState(base.file(), base.manifestDigest(), base.manifestVersion(),
                        base.contentId(), base.size(), base.chunkSize(), verified, etags);
            }
            try {
                part.force();
                journal.save(snapshot);
            } catch (IOException e) {
                fail(e);
                return;
            } catch (UncheckedIOException e) {
                fail(e.getCause());
                return;
            } catch (RuntimeException | Error e) {
                // Told to flush() and close() too: a thread that died silently would leave them returning as if saved.
                fail(new IOException("the journal could not be saved: " + e, e));
                return;
            }
            synchronized (this) {
                saved = upTo;
                notifyAll();
            }
        }
    }

    private synchronized void fail(IOException e) {
        failure = e;
        notifyAll();
    }

    /**
     * How long the saving thread waits before its next save (called holding the lock): 0 to save (or, closing with
     * nothing left, to stop) now, {@code Long.MAX_VALUE} until something changes.
     */
    private long untilNextSave() {
        if (unsaved) {
            return 0;
        }
        if (saved == changes) {
            return closing ? 0 : Long.MAX_VALUE;
        }
        if (closing || flushUpTo > saved) {
            return 0;
        }
        return Math.max(0, lastSaveStart + intervalNanos - System.nanoTime());
    }

    @Override
    public void close() throws IOException {
        stop(false);
    }

    /**
     * Stops without saving what changed since the last save (a save running now still ends): for a download whose
     * every chunk is verified, whose journal is deleted once the file has its name. The journal as last saved stays
     * true meanwhile, since each chunk in it was forced before it was saved, so a crash before the rename resumes
     * from it; a last save would cost three forced writes (the part file, the journal's new copy, its folder) on
     * the way to the file's rename, all of it thrown away a moment later.
     */
    public void closeUnsaved() throws IOException {
        stop(true);
    }

    private void stop(boolean withoutSaving) throws IOException {
        synchronized (this) {
            closing = true;
            unsaved = withoutSaving;
            notifyAll();
        }
        ThroughInterrupt.await(() -> !thread.isAlive(), () -> thread.join(100), null, INTERRUPTED_FLUSH_LIMIT);
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
