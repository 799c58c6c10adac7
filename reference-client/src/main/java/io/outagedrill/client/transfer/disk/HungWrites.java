package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.store.DiskSilence;
import io.outagedrill.client.store.PartFile;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches a download's writes to its part file for one the disk never lets return. A disk that stops answering in
 * the middle of a download (a network file system whose server went away, a drive gone silent, a FUSE file system
 * whose daemon hangs) blocks the write under way, and the writes queued behind it: the connections stop reading,
 * no stall limit is armed (a stall is judged on reads), and the download waited without a word for as long as the
 * disk did. Each look ({@link #check}, from the download's watch thread a few times a second) finds the write under
 * way ({@link PartFile#writingSinceNanos}); the same write found again is waited for by the download's disk rule
 * ({@link DiskSilence}: given up once the disk has taken no data for its silence, 30 s by default, so a slow disk
 * that works is waited for).
 *
 * <p>Only time the watch saw counts: a look more than {@link #GAP_NANOS} after the one before starts the wait on
 * the write under way again. The process did not run in between (stopped with Ctrl-Z and resumed with {@code fg},
 * a virtual machine paused, a long garbage collection), and a write found unfinished after it says nothing of the
 * disk: counted, a download stopped for half a minute while a write was under way failed at its first look after
 * it resumed, its disk blamed.
 *
 * <p>Used from one thread only.
 */
public final class HungWrites {
    /** The longest time between two looks that still counts as watching: ten of the watch's slowest ticks. */
    static final long GAP_NANOS = 1_000_000_000L;

    private final PartFile part;
    private final Supplier<DiskSilence> newWait;
    private final LongSupplier nanoTime;
    /** The write being waited for (its start), 0 for none. */
    private long watched;
    private DiskSilence wait;
    private boolean looked;
    private long lastLookNanos;

    /**
     * Watches {@code part}'s writes, each one found under way at two looks waited for by a wait from {@code newWait}
     * (the download's disk rule on the part file's disk, which may tell the user when it is late).
     */
    public HungWrites(PartFile part, Supplier<DiskSilence> newWait) {
        this(part, newWait, System::nanoTime);
    }

    /** As the public constructor, the looks' time read from {@code nanoTime} (the waits' clock too, in tests). */
    HungWrites(PartFile part, Supplier<DiskSilence> newWait, LongSupplier nanoTime) {
        this.part = part;
        this.newWait = newWait;
        this.nanoTime = nanoTime;
    }

    /**
     * The wait that gave up on the write under way, once the disk has taken no data for the rule's silence; ended
     * ({@link DiskSilence#end}), so that a wait handed it gives up at once whatever the disk does next.
     */
    public Optional<DiskSilence> check() {
        long now = nanoTime.getAsLong();
        boolean unwatched = looked && now - lastLookNanos > GAP_NANOS;
        looked = true;
        lastLookNanos = now;
        long since = part.writingSinceNanos();
        if (since == 0) {
            watched = 0;
            wait = null;
            return Optional.empty();
        }
        if (since != watched || unwatched) {
            // A healthy disk's writes take microseconds, so a write seen under way is a new one at nearly every look;
            // the wait's first look at the disk comes a second after it starts, so starting one costs nothing.
            watched = since;
            wait = newWait.get();
            return Optional.empty();
        }
        return wait.passed() ? Optional.of(wait.end()) : Optional.empty();
    }
}
