package io.outagedrill.reports.history;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.JmhResults;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.RunRecordFile;
import io.outagedrill.reports.model.Report;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The results folder's history of drills. Each {@link #record} writes one report into its own folder,
 * {@code reports/ID/}, adds the run to {@code runs.json}, and rewrites {@code index.html} (every run, newest first)
 * and the {@code latest} pointer; nothing a previous drill wrote is replaced. {@link #rebuild} writes a run's report
 * again from its record files alone; {@link #prune} removes all but the newest runs.
 *
 * <pre>
 * drill-results/
 *   index.html        every run, newest first, linking to its report
 *   runs.json         the manifest index.html is rendered from
 *   latest -> reports/20261203T124501-run-…   (or latest.html, a redirect, where symlinks are not allowed)
 *   reports/ID/       index.html, report.json, summary.md, junit.xml
 *   SCENARIO/*.json   the run records
 * </pre>
 */
public final class ReportHistory {
    public static final String REPORTS = "reports";
    public static final String INDEX = "index.html";
    /**
     * A report's link back to the results folder's index: {@code ../index.html}, which from {@code latest/} (a
     * symbolic link to {@code reports/ID}, which browsers resolve by its URL) is the index itself, and from
     * {@code reports/ID/} is {@code reports/index.html}, a page that sends on to it ({@link #writeReportsRedirect}).
     * With {@code ../../index.html} the link from {@code latest/} led one folder above the results.
     */
    static final String BACK_TO_INDEX = "../" + INDEX;

    /** What {@link #record} wrote: the manifest entry, the report's folder and the report files. */
    public record Recorded(RunEntry entry, Path folder, Reports.Written written, Path index) {
    }

    /** What {@link #prune} removed: the runs (their report folders) and the record files only they referenced. */
    public record Pruned(List<RunEntry> removed, List<Path> recordsDeleted, List<RunEntry> kept) {
    }

    private final Path resultsDir;
    private final Clock clock;
    private final RunsManifest manifest;

    public ReportHistory(Path resultsDir, Clock clock) {
        this.resultsDir = resultsDir;
        this.clock = clock;
        this.manifest = new RunsManifest(resultsDir);
    }

    public Path resultsDir() {
        return resultsDir;
    }

    public Path index() {
        return resultsDir.resolve(INDEX);
    }

    /** Every run in the history, newest first. */
    public List<RunEntry> runs() throws IOException {
        return manifest.read();
    }

    /** {@link #record(String, String, List, List)} without JMH results. */
    public Recorded record(String kind, String description, List<RunResult> runs) throws IOException {
        return record(kind, description, runs, List.of());
    }

    /**
     * Writes a report of {@code runs} into a new folder and adds it to the history.
     *
     * @param kind        what made it: "run", "compare", "bench"
     * @param description what ran, in a few words for the folder name; null to name it from the runs' scenarios
     *                    and clients
     * @param jmhFiles    JMH JSON files whose scenario benchmarks the report shows beside the records (empty for
     *                    none); kept in the entry so a rebuild shows them too
     */
    public Recorded record(String kind, String description, List<RunResult> runs, List<Path> jmhFiles)
            throws IOException {
        return record(kind, description, runs, jmhFiles, null);
    }

    /**
     * {@link #record(String, String, List, List)} with a note shown beside the drill in the list and the index:
     * why it ended before all it was asked to play (a signal stopped it); null for none.
     */
    public Recorded record(String kind, String description, List<RunResult> runs, List<Path> jmhFiles, String note)
            throws IOException {
        if (runs.isEmpty()) {
            throw new IOException("no run records to report on (run `drill run NAME` first)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Path folder = reserve(RunId.of(now, kind, description, runs));
        // Sources as absolute paths: what a rebuild, which reads the records from disk, will see too.
        List<RunResult> sourced = runs.stream().map(ReportHistory::absoluteSource).toList();
        Reports.Written written;
        RunEntry entry;
        boolean[] listed = {false};
        try {
            written = Reports.write(sourced, JmhResults.read(jmhFiles), folder, null, Clock.fixed(now, ZoneOffset.UTC),
                    BACK_TO_INDEX);
            entry = entry(folder.getFileName().toString(), kind, now, sourced, written.report(), jmhFiles, note);
            // The listing too (its lock refuses an interrupted thread): a folder written but never listed goes.
            manifest.update(entries -> plus(entries, entry), entries -> {
                listed[0] = true; // runs.json lists it now: from here on the folder stays, whatever fails
                rewriteViews(entries);
            });
        } catch (IOException | RuntimeException e) {
            if (!listed[0]) {
                try {
                    Tree.delete(folder); // no half-written folder that no entry lists and no prune would ever remove
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup); // the failure that stopped the report is the one to tell
                }
            }
            throw e;
        }
        return new Recorded(entry, folder, written, index());
    }

    /**
     * Writes run {@code id}'s report again from its record files into {@code out} (its own folder when null). The
     * report carries the run's original time, so its JSON equals the original's.
     */
    public Reports.Written rebuild(String id, Path out) throws IOException {
        return rebuild(id, out, null);
    }

    /** {@link #rebuild(String, Path)}, checked against a baseline (null for none) as a release gate. */
    public Reports.Written rebuild(String id, Path out, Reports.Baseline baseline) throws IOException {
        RunEntry entry = find(id);
        List<RunResult> runs = new ArrayList<>();
        for (String record : entry.records()) {
            Path file = resultsDir.resolve(record);
            if (!Files.isRegularFile(file)) {
                throw new IOException("run " + id + " lists record " + record + ", which is no longer at "
                        + file.toAbsolutePath());
            }
            RunResult run;
            try {
                run = RunRecordFile.read(file); // checked as a whole results folder's records are
            } catch (RunRecordFile.NotARunRecord e) {
                throw new IOException("run %s lists a record that cannot be read: %s. %s".formatted(id,
                        e.getMessage(), RunRecordFile.WHAT_A_RUN_RECORD_IS), e);
            }
            runs.add(withSource(run, file.toAbsolutePath().normalize()));
        }
        if (runs.isEmpty()) {
            throw new IOException("run " + id + " lists no record files to rebuild its report from");
        }
        List<Path> jmh = entry.jmh().stream().map(resultsDir::resolve).toList();
        Path own = resultsDir.resolve(entry.reportDir());
        Path to = out != null ? out : own;
        boolean inPlace = to.toAbsolutePath().normalize().equals(own.toAbsolutePath().normalize());
        return Reports.write(runs, JmhResults.read(jmh), to, baseline, Clock.fixed(entry.recordedAt(), ZoneOffset.UTC),
                inPlace ? BACK_TO_INDEX : null);
    }

    public RunEntry find(String id) throws IOException {
        List<RunEntry> all = runs();
        return all.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() -> new IOException(
                "no run " + id + " in " + manifest.file().toAbsolutePath() + (all.isEmpty() ? " (it lists no runs)"
                        : "; the newest is " + all.getFirst().id())));
    }

    /**
     * Keeps the newest {@code keep} runs: removes the others' report folders, and the record files that no kept run
     * lists (records no run lists at all, such as ones written before the history existed, are left alone).
     */
    public Pruned prune(int keep) throws IOException {
        if (keep < 0) {
            throw new IllegalArgumentException("--prune wants how many runs to keep (0 or more), got " + keep);
        }
        List<RunEntry> removed = new ArrayList<>();
        List<Path> deleted = new ArrayList<>();
        // Files are deleted under the lock too: a drill recording meanwhile waits, so it never links a folder
        // that is about to go.
        List<RunEntry> kept = manifest.update(entries -> {
            removed.addAll(entries.stream().skip(keep).toList());
            return entries.stream().limit(keep).toList();
        }, now -> {
            rewriteViews(now);
            deleted.addAll(delete(removed, now));
        });
        return new Pruned(List.copyOf(removed), List.copyOf(deleted), kept);
    }

    /** Deletes the removed runs' report folders and the records no kept run lists; returns the records deleted. */
    private List<Path> delete(List<RunEntry> removed, List<RunEntry> kept) throws IOException {
        Set<String> stillListed = kept.stream().flatMap(e -> e.records().stream()).collect(Collectors.toSet());
        // runs.json may be edited by hand: checked before anything goes, a folder it names outside reports/ (an id of
        // "" or "..") is refused rather than deleted with everything under it.
        Path reports = resultsDir.resolve(REPORTS).toAbsolutePath().normalize();
        for (RunEntry gone : removed) {
            Path folder = resultsDir.resolve(gone.reportDir()).toAbsolutePath().normalize();
            if (!folder.startsWith(reports) || folder.equals(reports)) {
                throw new IOException("runs.json names run '%s' with the folder %s, outside %s; nothing was deleted"
                        .formatted(gone.id(), folder, reports));
            }
        }
        Path base = resultsDir.toAbsolutePath().normalize();
        List<Path> deleted = new ArrayList<>();
        for (RunEntry gone : removed) {
            Tree.delete(resultsDir.resolve(gone.reportDir()));
            for (String record : gone.records()) {
                Path file = resultsDir.resolve(record).toAbsolutePath().normalize();
                if (!file.startsWith(base) || file.equals(base)) {
                    continue; // a record kept outside the results folder is the user's: never deleted from here
                }
                if (!stillListed.contains(record) && Files.deleteIfExists(file)) {
                    deleted.add(file);
                    Tree.deleteEmptyParents(file.getParent(), resultsDir);
                }
            }
        }
        return deleted;
    }

    /** Rewrites index.html and the latest pointer from runs.json (after a hand edit, or by a newer version). */
    public void rewriteIndex() throws IOException {
        manifest.update(UnaryOperator.identity(), this::rewriteViews);
    }

    private void rewriteViews(List<RunEntry> entries) throws IOException {
        HistoryIndex.write(index(), entries);
        LatestPointer.point(resultsDir, entries.isEmpty() ? null : entries.getFirst());
        writeReportsRedirect();
    }

    /**
     * {@code reports/index.html}: sends a report's {@link #BACK_TO_INDEX} link on to the results folder's index. The
     * one file in {@code reports/} beside the drills' folders; nothing reads that folder's entries as drills (each
     * drill's folder comes from runs.json).
     */
    private void writeReportsRedirect() throws IOException {
        Path reports = resultsDir.resolve(REPORTS);
        if (!Files.isDirectory(reports)) {
            return;
        }
        AtomicFile.write(reports.resolve(INDEX), """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="refresh" content="0; url=../index.html">
                <title>Outage Drill reports</title></head>
                <body><p>Every drill in this results folder: <a href="../index.html">the index</a></p></body></html>
                """);
    }

    /** Creates the run's folder; a second drill in the same second gets "-2", "-3", ... */
    private Path reserve(String id) throws IOException {
        Path reports = Files.createDirectories(resultsDir.resolve(REPORTS));
        for (int n = 1; ; n++) {
            try {
                return Files.createDirectory(reports.resolve(n == 1 ? id : id + "-" + n));
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
    }

    private RunEntry entry(String id, String kind, Instant at, List<RunResult> runs, Report report,
                           List<Path> jmhFiles, String note) {
        return new RunEntry(id, kind, at, distinct(runs, RunResult::scenario), distinct(runs, RunResult::client),
                distinct(runs, RunResult::policy), report.sloPassed(), report.overallScore(),
                runs.stream().map(RunResult::resultFile).filter(f -> f != null).map(this::relative).distinct()
                        .toList(), jmhFiles.stream().map(this::relative).toList(), note);
    }

    private static List<String> distinct(List<RunResult> runs, Function<RunResult, String> field) {
        return runs.stream().map(field).distinct().toList();
    }

    /** Relative to the results folder with forward slashes, so runs.json moves with the folder; else absolute. */
    private String relative(Path file) {
        Path base = resultsDir.toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private static List<RunEntry> plus(List<RunEntry> entries, RunEntry entry) {
        List<RunEntry> all = new ArrayList<>(entries);
        all.removeIf(e -> e.id().equals(entry.id()));
        all.add(entry);
        return all;
    }

    private static RunResult absoluteSource(RunResult run) {
        return run.resultFile() == null ? run : withSource(run, run.resultFile().toAbsolutePath().normalize());
    }

    private static RunResult withSource(RunResult r, Path file) {
        return r.withResultFile(file); // everything else kept: its metrics and its world too
    }
}
