package io.outagedrill.harness.sut;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A downloader's process and every process it started, so none outlives its download. Its descendants alone do not
 * find them all: a child whose parent has exited ({@code sh -c 'sleep 600 & exec true'}) is handed to init and is
 * no longer anyone's descendant, and it may go on holding the download's file or output. So each download's process
 * is started with an environment variable of its own ({@link #MARK}), which every process it starts inherits unless
 * it clears its environment, and on Linux the processes that carry it are found through {@code /proc}; elsewhere
 * only the descendants still attached are.
 */
final class ProcessTree {
    /** The variable each download's processes carry; its value is unique to the download. */
    static final String MARK = "OUTAGE_DRILL_DOWNLOAD";
    /** How long leftovers get to end on a polite signal before they are killed. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** How long a killed process is waited for: the kernel ends it, so this is only a bound. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Path PROC = Path.of("/proc");
    /** Starts tried while the program is busy ({@link #startWhenNotBusy}), and the first wait between them. */
    static final int BUSY_TRIES = 5;
    private static final Duration BUSY_WAIT = Duration.ofMillis(10);

    private final Process process;
    /** {@code MARK=value}, as one entry of {@code /proc/PID/environ} reads. */
    private final String entry;
    /** Descendants noted while the download's process still lived, by pid. */
    private final Map<Long, ProcessHandle> seen = new ConcurrentHashMap<>();

    private ProcessTree(Process process, String entry) {
        this.process = process;
        this.entry = entry;
    }

    /** Starts {@code builder}'s process with a mark naming {@code id}. */
    static ProcessTree start(ProcessBuilder builder, String id) throws IOException {
        String value = id + "-" + UUID.randomUUID();
        builder.environment().put(MARK, value);
        return new ProcessTree(startWhenNotBusy(builder), MARK + "=" + value);
    }

    /**
     * Starts the process, again after a short wait while the kernel refuses because its program is open for writing
     * ("error=26, Text file busy"). A script written just before the start (by a test, or a tool that generates
     * one) can be held open a moment longer by a process another thread forks meanwhile, which inherits every open
     * file until it execs: the start then fails though nothing is wrong with the script. Up to {@link #BUSY_TRIES}
     * tries, waiting 10 ms and then twice as long each time (150 ms in all).
     */
    private static Process startWhenNotBusy(ProcessBuilder builder) throws IOException {
        Duration wait = BUSY_WAIT;
        Duration waited = Duration.ZERO;
        for (int tries = 1; ; tries++) {
            try {
                return builder.start();
            } catch (IOException e) {
                if (!busy(e)) {
                    throw e;
                }
                if (tries == BUSY_TRIES) {
                    throw new IOException("%s is open for writing (Text file busy), still after %d tries over %d ms"
                            .formatted(builder.command().getFirst(), tries, waited.toMillis()), e);
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw (IOException) new InterruptedIOException("interrupted while waiting to start "
                            + builder.command().getFirst()).initCause(e);
                }
                waited = waited.plus(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    /** ETXTBSY, as the JDK words it: "error=26, Text file busy" or, through its spawn helper, "error: 26 (...)". */
    private static boolean busy(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("error=26,") || message.contains("error: 26 ");
    }

    Process process() {
        return process;
    }

    /** Kills the process and every other process of the tree at once (SIGKILL): the run is being stopped. */
    void kill() {
        others().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Kills the download's own process (its timeout), leaving the rest of the tree to {@link #endLeftovers}, which
     * asks them to stop first and names them. Its descendants are noted before: where there is no {@code /proc},
     * they are found only while it lives.
     */
    void killProcess() {
        others().forEach(p -> seen.put(p.pid(), p));
        process.destroyForcibly();
    }

    /**
     * Ends every process of the tree but the download's own, which has ended: asked to stop, then, those still
     * running after {@link #GRACE}, killed. Returns each one it found running, as its command line, so the run can
     * say what the downloader left behind.
     */
    List<String> endLeftovers() {
        Map<ProcessHandle, String> leftovers = new LinkedHashMap<>();
        others().filter(p -> !ended(p)).forEach(p -> leftovers.put(p, commandLine(p)));
        if (leftovers.isEmpty()) {
            return List.of();
        }
        leftovers.keySet().forEach(ProcessHandle::destroy);
        if (!allEnded(leftovers.keySet(), GRACE)) {
            leftovers.keySet().stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            allEnded(leftovers.keySet(), KILL_WAIT);
        }
        // Those a process of the tree started while the others were being ended: killed, not waited for again.
        others().forEach(ProcessHandle::destroyForcibly);
        return List.copyOf(leftovers.values());
    }

    /**
     * The tree's processes other than the download's own: its descendants (those noted by {@link #killProcess}
     * too) and, on Linux, those with its mark.
     */
    private Stream<ProcessHandle> others() {
        Map<Long, ProcessHandle> found = new LinkedHashMap<>(seen);
        process.descendants().forEach(p -> found.put(p.pid(), p));
        if (Files.isDirectory(PROC)) {
            long self = ProcessHandle.current().pid();
            ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != self && p.pid() != process.pid() && !found.containsKey(p.pid()))
                    .filter(this::marked).forEach(p -> found.put(p.pid(), p));
        }
        return found.values().stream();
    }

    /**
     * Whether {@code p}'s environment holds this tree's mark. Another user's process cannot be read (and cannot be
     * ours); one that ended meanwhile reads as nothing.
     */
    private boolean marked(ProcessHandle p) {
        try {
            byte[] environment = Files.readAllBytes(PROC.resolve(Long.toString(p.pid())).resolve("environ"));
            for (String variable : new String(environment, StandardCharsets.UTF_8).split("\0")) {
                if (variable.equals(entry)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | SecurityException unreadable) {
            return false;
        }
    }

    /**
     * Whether every one of {@code processes} ended within {@code within}, looking every {@link #POLL}. Not
     * {@code onExit()}: a process that is not the JVM's child is checked that way only every 300 ms and more, and a
     * zombie counts as running until init reaps it, which some inits do a second or more later.
     */
    private static boolean allEnded(Collection<ProcessHandle> processes, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!processes.stream().allMatch(ProcessTree::ended)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                // The run is being torn down: no more waiting; what is still running is killed next.
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Ended, or a zombie: it holds nothing any more (Linux: state {@code Z} in {@code /proc/PID/stat}). */
    private static boolean ended(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(p.pid())).resolve("stat"));
            // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses, the state follows the last ')'.
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | SecurityException gone) {
            return !p.isAlive();
        }
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().or(() -> p.info().command()).orElse("process " + p.pid());
    }
}
