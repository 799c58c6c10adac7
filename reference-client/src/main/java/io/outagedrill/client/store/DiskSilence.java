package io.outagedrill.client.store;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A wait on a disk that gives up once the disk has taken no data for a while, not once a fixed time has passed.
 *
 * <p>Why: a forced write (fsync) returns when the disk has every byte written before it, and how long that takes
 * depends on how much is waiting: a USB stick or a network share behind a fast download can hold gigabytes in the
 * page cache, and forcing them takes minutes while the disk works all along. A dead disk (a network file system whose
 * server went away, a drive gone silent) takes nothing, for ever. So the wait goes on while the disk takes data, and
 * gives up after {@code silence} without any, or after {@link #CAP_FACTOR} times {@code silence} in all, whatever
 * the disk does (a wait on a machine whose other disks never rest must end too).
 *
 * <p>What "takes data" means is an {@link Activity}: by default ({@link #of(Path)}) the sectors written to the
 * file's block device ({@code /proc/diskstats}), or for a file on none (a network or FUSE file system) the machine's
 * pages under write-back ({@code /proc/meminfo}); where neither can be read, nothing changes and {@code silence} is a
 * plain limit. Nothing is read during the first second (or quarter of a shorter silence): a healthy disk is done by
 * then, and pays nothing.
 *
 * <p>Used from one thread at a time: the waiting thread, or one it hands the wait to safely (a volatile field).
 */
public final class DiskSilence {
    /** Something that changes whenever the disk takes data; read at most every {@link #LOOK_EVERY_NANOS}. */
    @FunctionalInterface
    public interface Activity {
        long marker();
    }

    /**
     * How a download waits on its disk: {@code silence}, and how the activity of the disk a file is on is read.
     *
     * @param silence    how long the disk may take no data before a wait gives up
     * @param activityOf the activity of a file's disk ({@link DiskSilence#of} by default; {@link #NONE} in tests)
     */
    public record Rule(Duration silence, Function<Path, Activity> activityOf) {
        /** A wait starting now on the disk {@code file} is on. */
        public DiskSilence start(Path file) {
            return start(activityOf.apply(file));
        }

        /** A wait starting now on a disk whose activity was read before ({@code activity}). */
        public DiskSilence start(Activity activity) {
            return starting(silence, activity);
        }
    }

    /** An activity that never changes: {@code silence} is then a plain limit (tests, and machines without /proc). */
    public static final Activity NONE = () -> 0;
    /** The longest wait, in silences: 30 s of silence allows 30 minutes of a disk that keeps working. */
    static final int CAP_FACTOR = 60;
    static final long FIRST_LOOK_NANOS = 1_000_000_000L;
    static final long LOOK_EVERY_NANOS = 250_000_000L;

    private final Duration silence;
    private final Activity activity;
    private final LongSupplier nanoTime;
    private final long startNanos;
    /** The first look and the time between looks: a second and 250 ms, or a quarter of a shorter silence. */
    private final long firstLookNanos;
    private final long lookEveryNanos;
    private long lastChangeNanos;
    private long lastLookNanos;
    private boolean looked;
    private long lastMarker;
    private boolean capped;
    /** Given up for good ({@link #end}): passed, whatever the disk does from now on. */
    private boolean ended;
    /** Told, once, how long the wait has gone on when it passes a sixth of the silence; null for no one. */
    private Consumer<Duration> late;
    private boolean told;

    private DiskSilence(Duration silence, Activity activity, LongSupplier nanoTime) {
        this.silence = silence;
        this.activity = activity;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastChangeNanos = startNanos;
        this.firstLookNanos = Math.min(FIRST_LOOK_NANOS, silence.toNanos() / 4);
        this.lookEveryNanos = Math.max(1, Math.min(LOOK_EVERY_NANOS, silence.toNanos() / 4));
    }

    /** Starts a wait now that gives up after {@code silence} without the disk taking data ({@code activity}). */
    public static DiskSilence starting(Duration silence, Activity activity) {
        return starting(silence, activity, System::nanoTime);
    }

    /** As {@link #starting(Duration, Activity)}, its time read from {@code nanoTime} (tests stand a clock in). */
    public static DiskSilence starting(Duration silence, Activity activity, LongSupplier nanoTime) {
        return new DiskSilence(silence, activity, nanoTime);
    }

    /**
     * The activity of the disk {@code file} is on, read from {@code /proc} (Linux); see the class comment. The file's
     * device is read now, while the disk answers: a wait reads only {@code /proc}, which never waits on a disk.
     */
    public static Activity of(Path file) {
        return new ProcActivity(deviceOf(file));
    }

    /**
     * Tells {@code late}, once, how long the wait has gone on when a look ({@link #passed}) finds it past a sixth of
     * the silence (5 s of 30): a word for the user while a download waits on its disk. Returns this wait.
     */
    public DiskSilence tellingWhenLate(Consumer<Duration> late) {
        this.late = late;
        return this;
    }

    /** Whether the wait is over: {@code silence} without the disk taking data, or the cap. */
    public boolean passed() {
        if (ended) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (late != null && !told && now - startNanos >= silence.toNanos() / 6) {
            told = true;
            late.accept(Duration.ofNanos(now - startNanos));
        }
        if (now - startNanos >= CAP_FACTOR * silence.toNanos()) {
            capped = true;
            return true;
        }
        if (now - startNanos >= firstLookNanos && (!looked || now - lastLookNanos >= lookEveryNanos)) {
            long marker = activity.marker();
            if (looked && marker != lastMarker) {
                lastChangeNanos = now;
            }
            lastMarker = marker;
            looked = true;
            lastLookNanos = now;
        }
        return now - lastChangeNanos >= silence.toNanos();
    }

    /**
     * Ends the wait for good, once it has passed: {@link #passed} stays true though the disk takes data later, so
     * that another wait handed this one (the journal's last save, after a write to the part file hung) gives up at
     * once rather than waiting for another silence; returns this wait.
     */
    public DiskSilence end() {
        ended = true;
        return this;
    }

    /** How long a timed wait between two looks should last at most. */
    public long nanosToNextLook() {
        return lookEveryNanos;
    }

    /** Why the wait was given up, in words: "the disk took no data for 30 s", or the cap. */
    public String why() {
        return capped
                ? "it went on for %s, the most a disk is waited for, though the disk kept taking data"
                        .formatted(Durations.words(silence.multipliedBy(CAP_FACTOR)))
                : "the disk took no data for %s".formatted(Durations.words(silence));
    }

    /**
     * The block device under {@code file} as {@code /proc/diskstats} numbers it ({@code major minor}), from the file's
     * {@code st_dev}: one stat, not the file store's lookup, which reads {@code /proc/mounts} and statfs's the mount
     * (milliseconds, and on a network file system whose server went away, for ever). Null where the file is on no
     * block device (NFS, FUSE, tmpfs, btrfs's anonymous devices) or cannot be read: write-back is then read instead.
     */
    private static String deviceOf(Path file) {
        try {
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            // glibc's encoding of dev_t (gnu_dev_major, gnu_dev_minor).
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return major == 0 ? null : major + " " + minor;
        } catch (IOException | RuntimeException e) {
            return null; // no "unix" view (another OS), or the file is gone
        }
    }

    /**
     * Sectors written to the file's block device; on no block device (a network or FUSE file system), the machine's
     * pages under write-back, where such a file system's writes wait. Not both: another disk's writes would read as
     * this one's. Read by hand: two text files of numbers, for which no library is worth its weight here.
     */
    private record ProcActivity(String device) implements Activity {
        private static final Path DISKSTATS = Path.of("/proc/diskstats");
        private static final Path MEMINFO = Path.of("/proc/meminfo");

        @Override
        public long marker() {
            return device != null ? sectorsWritten() : writebackKib();
        }

        private long sectorsWritten() {
            try {
                for (String line : Files.readAllLines(DISKSTATS)) {
                    String[] f = line.trim().split("\\s+");
                    // major minor name reads merged sectors-read ms writes merged sectors-written ...
                    if (f.length > 9 && device.equals(f[0] + " " + f[1])) {
                        return Long.parseLong(f[9]);
                    }
                }
                return 0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long writebackKib() {
            try {
                for (String line : Files.readAllLines(MEMINFO)) {
                    if (line.startsWith("Writeback:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
                return 0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
