package io.outagedrill.harness.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The CPU time this process and its descendants have used so far, in the kernel's clock ticks (the unit of {@code
 * /proc/stat}), from {@code /proc/PID/stat} (Linux): user and system time of every thread of the process, and of
 * its children that ended and were waited for, plus the same for each descendant still running. A downloader the
 * harness starts (curl, aria2c, a {@code drill get}) is a descendant, so its time counts as the run's own.
 */
public final class ProcessTreeTicks {
    private ProcessTreeTicks() {
    }

    /** Now; empty where {@code /proc} cannot be read for this process. */
    public static OptionalLong now() {
        OptionalLong own = ofProcess(ProcessHandle.current().pid());
        if (own.isEmpty()) {
            return own;
        }
        long[] sum = {own.getAsLong()};
        // One that ends between the listing and its read is simply not counted here: its time reaches its parent's
        // waited-for children's total once reaped, which the next reading sees.
        ProcessHandle.current().descendants().forEach(p -> ofProcess(p.pid()).ifPresent(t -> sum[0] += t));
        return OptionalLong.of(sum[0]);
    }

    /** utime + stime + cutime + cstime of one process; empty when it is gone or reads otherwise. */
    static OptionalLong ofProcess(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * One {@code /proc/PID/stat} line: {@code pid (comm) state ppid ...}, where utime, stime, cutime and cstime are
     * the 14th to 17th fields. The command name may hold spaces and parentheses, so the fields are counted from the
     * last closing parenthesis.
     */
    static OptionalLong parseStat(String line) {
        int end = line.lastIndexOf(')');
        if (end < 0) {
            return OptionalLong.empty();
        }
        String[] f = line.substring(end + 1).trim().split("\\s+");
        if (f.length < 15) {
            return OptionalLong.empty();
        }
        // f[0] is the 3rd field (state): utime is the 14th, so f[11].
        return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                + Long.parseLong(f[14]));
    }
}
