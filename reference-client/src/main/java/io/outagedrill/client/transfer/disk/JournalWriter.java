package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.Durations;
import io.outagedrill.client.store.DiskSilence;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Saves the journal in the background, coalescing: the chunks that verify while one save runs, or within
 * {@link #SAVE_INTERVAL} of its start, go into the next save together, so fsyncs stay off the transfer threads and
 * their count is bounded by time, not by the chunk count. Each save forces the part file first: a chunk is in the
 * journal only once its bytes are durable. {@link #flush} and {@link #close} save at once, and wait for that
 * save for up to {@link #SAVE_LIMIT}, through an interrupt for up to {@link #INTERRUPTED_FLUSH_LIMIT};
 * {@link #closeUnsaved} ends a complete download's journal without a last save.
 *
 * <p>Why the wait for a save may give up: the save's forced writes (fsync) can hang for as long as the disk does
 * (a network file system whose server went away, a failing drive), and a download that waited without bound never
 * returned, its deadline and its failure unsaid. Giving up loses nothing the journal promises: each save replaces
 * the journal whole by a rename ({@link Journal#save}), so the journal on disk is always its last complete save, a
 * true one (its chunks were forced before it was written), and resume hashes every chunk it names again anyway.
 * The save given up is abandoned: should its forced write end later, it replaces nothing (another download of the
 * file may have saved since). What it costs: the chunks verified since the last complete save are fetched again
 * by the next run, and the saving thread stays blocked in the system call until the disk answers (a daemon
 * thread: it does not keep the JVM alive).
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
    /**
     * How long a disk may take no data while {@link #flush} or {@link #close} waits for a save: a save takes
     * milliseconds, and forcing a slow disk's backlog of the part file (a USB stick behind a fast network) may take
     * minutes, during which the disk keeps taking data and the wait goes on ({@link DiskSilence}, up to its cap); a
     * disk silent for this long is taken as hung. The download's last forced write of the part file and its rename
     * into place are waited for alike ({@code PartFile.promote}).
     */
    public static final Duration SAVE_LIMIT = Duration.ofSeconds(30);

    private final Journal journal;
    private final PartFile part;
    private final JournalState base;
    private final BitSet verified;
    private final Map<String, String> etags;
    private final long intervalNanos;
    private final Duration saveLimit;
    /** What tells a slow disk's save from a hung one's ({@link DiskSilence}). */
    private final DiskSilence.Activity activity;
    private final Consumer<PartFile.NotThisFile> onReplaced;
    private final Thread thread;
    private long changes;
    private long saved;
    private long flushUpTo; // changes a flush waits for: saved at once, whatever the interval
    private long lastSaveStart;
    private boolean closing;
    private boolean unsaved; // closing without saving what changed since the last save
    private IOException failure;
    /** A wait for a save gave up: the save under way must replace nothing, and no other starts. */
    private volatile boolean abandoned;
    /** The step of the save under way, in words, for the failure when the wait for it gives up. */
    private volatile String step = "starting the save";
    private int savedChunks = -1; // verified chunks in the last complete save by this writer; -1: none yet

    public JournalWriter(Journal journal, PartFile part, JournalState base) {
        this(journal, part, base, SAVE_INTERVAL);
    }

    /**
     * A download's writer: its flush and close wait for a save at most {@code saveLimit} ({@link #SAVE_LIMIT}
     * otherwise), and {@code onReplaced} is told, at once, when a save finds another file at the part file's name
     * than the one the download opened (no journal is saved beside it then, and none later).
     */
    public static JournalWriter forDownload(Journal journal, PartFile part, JournalState base, Duration saveLimit,
                                            DiskSilence.Activity activity,
                                            Consumer<PartFile.NotThisFile> onReplaced) {
        return new JournalWriter(journal, part, base, SAVE_INTERVAL, saveLimit, activity, onReplaced);
    }

    JournalWriter(Journal journal, PartFile part, JournalState base, Duration interval) {
        this(journal, part, base, interval, SAVE_LIMIT);
    }

    JournalWriter(Journal journal, PartFile part, JournalState base, Duration interval, Duration saveLimit) {
        this(journal, part, base, interval, saveLimit, DiskSilence.NONE, replaced -> { });
    }

    private JournalWriter(Journal journal, PartFile part, JournalState base, Duration interval, Duration saveLimit,
                          DiskSilence.Activity activity, Consumer<PartFile.NotThisFile> onReplaced) {
        this.onReplaced = onReplaced;
        this.activity = activity;
        this.intervalNanos = interval.toNanos();
        this.saveLimit = saveLimit;
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
     * Blocks until everything reported so far is saved, for up to {@link #SAVE_LIMIT}. An interrupt does not cut it
     * short, for up to {@link #INTERRUPTED_FLUSH_LIMIT}: a download whose thread is interrupted (an application
     * cancelling it) flushes so that the next run keeps its verified chunks, and with saves held back for the
     * interval there is nearly always something left to save. The interrupt is kept for the caller either way.
     *
     * @throws SaveAbandoned past either limit: the save is given up (see the class comment) and the journal stays
     *                       as last saved, which the exception's message says in words for the user
     */
    public synchronized void flush() throws IOException {
        flush(DiskSilence.starting(saveLimit, activity));
    }

    /**
     * As {@link #flush()}, waiting until {@code silence} has passed: a wait on the disk begun before (one that has
     * passed already, when a write to the part file hung, gives a save under way up at once).
     */
    public synchronized void flush(DiskSilence silence) throws IOException {
        BooleanSupplier done = () -> saved >= changes || failure != null || !thread.isAlive() || abandoned;
        ThroughInterrupt.awaitUnless(done, () -> {
            flushUpTo = changes;
            notifyAll();
            wait(100);
        }, silence::passed, INTERRUPTED_FLUSH_LIMIT);
        if (failure != null) {
            throw failure;
        }
        if (saved < changes && thread.isAlive()) {
            throw abandon(silence);
        }
    }

    /** Gives the save under way up (called holding the lock), and says what that leaves. */
    private SaveAbandoned abandon(DiskSilence silence) {
        abandoned = true;
        notifyAll();
        String kept = savedChunks < 0 ? "it keeps what it held when this download started"
                : "it keeps its last complete save, with %d of %d chunks verified".formatted(savedChunks,
                        (base.size() + base.chunkSize() - 1) / base.chunkSize());
        return new SaveAbandoned(("the journal %s was not saved: %s did not finish (%s, so the disk may be hung); "
                + "%s, and the next run resumes from it, fetching again the chunks verified since")
                .formatted(journal.path(), step, whyGivenUp(silence), kept));
    }

    /** Why a wait for a save gave up: the disk's silence, or the shorter wait after an interrupt. */
    private String whyGivenUp(DiskSilence silence) {
        return Thread.currentThread().isInterrupted() && INTERRUPTED_FLUSH_LIMIT.compareTo(saveLimit) < 0
                ? "it was waited for %s after an interrupt".formatted(Durations.words(INTERRUPTED_FLUSH_LIMIT))
                : silence.why();
    }

    /** A wait for a save that gave up; its message says so for the user, naming the journal and what it keeps. */
    public static final class SaveAbandoned extends IOException {
        SaveAbandoned(String message) {
            super(message);
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
                if (saved == changes || unsaved || abandoned) {
                    return; // closing, and nothing left to save (or nothing to be saved)
                }
                upTo = changes;
                lastSaveStart = System.nanoTime();
                snapshot = new JournalState(base.file(), base.manifestDigest(), base.manifestVersion(),
                        base.contentId(), base.size(), base.chunkSize(), verified, etags);
            }
            try {
                // Checked once a save (at most every SAVE_INTERVAL), off the transfer threads: a file put at the
                // part file's name is found while the download runs, not after it has fetched the rest.
                step = "looking up %s in its folder".formatted(part.path().getFileName());
                part.requireStillAtPath();
                step = "forcing %s to disk (fsync)".formatted(part.path().getFileName());
                part.force();
                step = "writing the journal (fsync)";
                if (abandoned || !journal.save(snapshot, () -> !abandoned)) {
                    return; // given up by a flush or a close: a late save must replace nothing
                }
            } catch (PartFile.NotThisFile e) {
                fail(e);
                onReplaced.accept(e);
                return;
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
                savedChunks = snapshot.verified().cardinality();
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
        stop(false, DiskSilence.starting(saveLimit, activity));
    }

    /**
     * Stops without saving what changed since the last save (a save running now still ends): for a download whose
     * every chunk is verified, whose journal is deleted once the file has its name. The journal as last saved stays
     * true meanwhile, since each chunk in it was forced before it was saved, so a crash before the rename resumes
     * from it; a last save would cost three forced writes (the part file, the journal's new copy, its folder) on
     * the way to the file's rename, all of it thrown away a moment later.
     */
    public void closeUnsaved() throws IOException {
        closeUnsaved(DiskSilence.starting(saveLimit, activity));
    }

    /**
     * As {@link #closeUnsaved()}, waiting for a save under way until {@code silence} has passed: a wait on the disk
     * that goes on after this one (the part file's rename into place), so that the two are one.
     */
    public void closeUnsaved(DiskSilence silence) throws IOException {
        stop(true, silence);
    }

    private void stop(boolean withoutSaving, DiskSilence silence) throws IOException {
        synchronized (this) {
            closing = true;
            unsaved = withoutSaving;
            notifyAll();
        }
        ThroughInterrupt.awaitUnless(() -> !thread.isAlive() || abandoned, () -> thread.join(100), silence::passed,
                INTERRUPTED_FLUSH_LIMIT);
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (thread.isAlive()) {
                SaveAbandoned given = abandon(silence);
                // Unsaved: the download is complete and its journal is about to go; the last save is still true.
                if (!withoutSaving && saved < changes) {
                    throw given;
                }
            }
        }
    }
}
