package io.outagedrill.client.store;

import io.outagedrill.client.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

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
 * file's block device ({@code /proc/diskstats}) and the machine's pages under write-back ({@code /proc/meminfo}, which
 * is where a network file system's writes show); where neither can be read, nothing changes and {@code silence} is a
 * plain limit. Nothing is read during the first second (or quarter of a shorter silence): a healthy disk is done by
 * then, and pays nothing.
 *
 * <p>Used from the waiting thread only.
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
        public static Rule of(Duration silence) {
            return new Rule(silence, DiskSilence::of);
        }

        /** A wait starting now on the disk {@code file} is on. */
        public DiskSilence start(Path file) {
            return starting(silence, activityOf.apply(file));
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
    private final long startNanos;
    /** The first look and the time between looks: a second and 250 ms, or a quarter of a shorter silence. */
    private final long firstLookNanos;
    private final long lookEveryNanos;
    private long lastChangeNanos;
    private long lastLookNanos;
    private boolean looked;
    private long lastMarker;
    private boolean capped;

    private DiskSilence(Duration silence, Activity activity) {
        this.silence = silence;
        this.activity = activity;
        this.startNanos = System.nanoTime();
        this.lastChangeNanos = startNanos;
        this.firstLookNanos = Math.min(FIRST_LOOK_NANOS, silence.toNanos() / 4);
        this.lookEveryNanos = Math.max(1, Math.min(LOOK_EVERY_NANOS, silence.toNanos() / 4));
    }

    /** Starts a wait now that gives up after {@code silence} without the disk taking data ({@code activity}). */
    public static DiskSilence starting(Duration silence, Activity activity) {
        return new DiskSilence(silence, activity);
    }

    /** The activity of the disk {@code file} is on, read from {@code /proc} (Linux); see the class comment. */
    public static Activity of(Path file) {
        return new ProcActivity(file);
    }

    public Duration silence() {
        return silence;
    }

    /** Whether the wait is over: {@code silence} without the disk taking data, or the cap. */
    public boolean passed() {
        long now = System.nanoTime();
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
     * Sectors written to the file's device, and the machine's pages under write-back. Read by hand: two text files of
     * numbers, for which no library is worth its weight here.
     */
    private static final class ProcActivity implements Activity {
        private static final Path DISKSTATS = Path.of("/proc/diskstats");
        private static final Path MEMINFO = Path.of("/proc/meminfo");
        private final Path file;
        /** The device's name in /proc/diskstats ({@code vda1}, {@code dm-0}); null for every device (NFS, unknown). */
        private String device;
        private boolean resolved;

        ProcActivity(Path file) {
            this.file = file;
        }

        @Override
        public long marker() {
            if (!resolved) {
                resolved = true;
                device = deviceOf(file);
            }
            return sectorsWritten() * 31 + writebackKib();
        }

        /** The block device under {@code file} as /proc/diskstats names it, or null. */
        private static String deviceOf(Path file) {
            try {
                String name = Files.getFileStore(file).name(); // /dev/vda1, /dev/mapper/root, server:/export
                if (!name.startsWith("/dev/")) {
                    return null;
                }
                return Path.of(name).toRealPath().getFileName().toString(); // /dev/mapper/root -> dm-0
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private long sectorsWritten() {
            try {
                long sum = 0;
                for (String line : Files.readAllLines(DISKSTATS)) {
                    String[] f = line.trim().split("\\s+");
                    // major minor name reads merged sectors-read ms writes merged sectors-written ...
                    if (f.length > 9 && (device == null || f[2].equals(device))) {
                        sum += Long.parseLong(f[9]);
                    }
                }
                return sum;
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
