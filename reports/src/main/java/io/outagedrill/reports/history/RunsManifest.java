package io.outagedrill.reports.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code runs.json}: every drill's entry, newest first. The index page is rendered from it, and {@code drill report
 * --run ID} finds a run's record files in it.
 *
 * <p>Two drills may finish together, in two JVMs: every change is a read-modify-write under an exclusive
 * {@link FileLock} on {@code runs.json.lock}, and the new file is written beside the old and renamed over it, so a
 * reader never sees half a file and no writer loses another's entry.
 */
public final class RunsManifest {
    public static final String FILE = "runs.json";
    static final String LOCK = "runs.json.lock";
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);
    static final Comparator<RunEntry> NEWEST_FIRST = Comparator.comparing(RunEntry::recordedAt)
            .thenComparing(RunEntry::id).reversed();

    /** The file's shape: an object, so fields can be added later without breaking older readers. */
    record Contents(List<RunEntry> runs) {
        Contents {
            runs = runs == null ? List.of() : runs.stream().sorted(NEWEST_FIRST).toList();
        }
    }

    private static final Object IN_PROCESS = new Object();

    private final Path resultsDir;

    public RunsManifest(Path resultsDir) {
        this.resultsDir = resultsDir;
    }

    public Path file() {
        return resultsDir.resolve(FILE);
    }

    /** The entries, newest first; none when there is no manifest yet. */
    public List<RunEntry> read() throws IOException {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Contents contents = MAPPER.readValue(file.toFile(), Contents.class);
            return contents == null ? List.of() : contents.runs();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Hand-edited or cut short: say which file and where, not only Jackson's words; nothing is overwritten.
            throw new IOException("%s: not the list of runs this folder keeps: %s; fix it, or move it away to "
                    .formatted(io.outagedrill.reports.JsonLocations.in(file, e.getLocation()),
                            e.getOriginalMessage()) + "start a new list (the reports in reports/ stay)", e);
        }
    }

    /**
     * Applies {@code change} to the entries under the lock and writes the result atomically; {@code whileLocked}
     * then runs still under the lock with the new entries (the index and the latest pointer are rewritten there, so
     * they always match the manifest). Returns the new entries, newest first.
     */
    public List<RunEntry> update(UnaryOperator<List<RunEntry>> change, Locked whileLocked) throws IOException {
        Files.createDirectories(resultsDir);
        // A FileLock guards against other JVMs only; threads of this one take turns here first.
        synchronized (IN_PROCESS) {
            return updateLocked(change, whileLocked);
        }
    }

    private List<RunEntry> updateLocked(UnaryOperator<List<RunEntry>> change, Locked whileLocked) throws IOException {
        try (FileChannel channel = FileChannel.open(resultsDir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            List<RunEntry> now = new Contents(change.apply(read())).runs();
            AtomicFile.write(file(), MAPPER.writeValueAsBytes(new Contents(now)));
            whileLocked.run(now);
            return now;
        }
    }

    /** What to do with the new entries while the lock is still held. */
    @FunctionalInterface
    public interface Locked {
        void run(List<RunEntry> entries) throws IOException;
    }
}
