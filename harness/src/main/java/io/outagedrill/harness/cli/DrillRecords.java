package io.outagedrill.harness.cli;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The run records one drill ({@code run} or {@code compare}) has written so far, and its entry in the results
 * folder's history. The entry is written once: at the drill's end, or, when a signal stops it, with the runs that
 * finished by then and a note saying so. Either way every record the drill wrote is listed by a drill, so
 * {@code drill report --prune} can remove it later (a record no drill lists is never pruned), unless the history
 * cannot take the entry (its runs.json does not read): then that is said, and the records stay unlisted.
 *
 * <p>Used by the playing thread only: the stop path runs there too, once the work has ended.
 */
final class DrillRecords {
    private final String kind;
    private final Path results;
    private final Optional<ReportSink> sink;
    private final PrintStream out;
    /** Where a history that cannot take the drill is said: stderr, apart from the results on stdout. */
    private final PrintWriter err;
    private final List<RunResult> runs = new ArrayList<>();
    private boolean recorded;

    /** @param kind "run" or "compare", as the history lists it */
    DrillRecords(String kind, Path results, Optional<ReportSink> sink, PrintStream out, PrintWriter err) {
        this.kind = kind;
        this.results = results;
        this.sink = sink;
        this.out = out;
        this.err = err;
    }

    /** A run whose record file is written: part of the drill from now on, even if the next one is stopped. */
    void add(RunResult run) {
        runs.add(run);
    }

    List<RunResult> runs() {
        return List.copyOf(runs);
    }

    /** The drill played to its end: writes its report into the history (when there is a sink) and says where. */
    void record() {
        if (Thread.currentThread().isInterrupted()) {
            // A signal came as the last run ended: the stop path records the drill, saying it was stopped (and the
            // interrupt would fail the file lock the history is written under).
            return;
        }
        write(null);
        Path index = results.resolve("index.html");
        // Not after a failed write: that page does not list this drill.
        if (recorded && Files.isRegularFile(index)) {
            out.printf("all runs: %s%n", index.toAbsolutePath());
        }
        out.printf("results: %s%n", results.toAbsolutePath());
    }

    /**
     * A signal stopped the drill, and its work has ended (servers closed, temp files removed): lists the runs that
     * finished as a drill noted as stopped, unless it was recorded already or nothing finished. Called with the
     * thread's interrupt cleared, inside the signal hook's bounded wait.
     */
    void recordStopped() {
        if (recorded || runs.isEmpty()) {
            return;
        }
        write(String.format(Locale.ROOT, "stopped by a signal after %d run(s) had been recorded", runs.size()));
    }

    private void write(String note) {
        sink.ifPresent(s -> {
            try {
                Path page = s.record(kind, List.copyOf(runs), results, note);
                recorded = true;
                out.printf("%nreport: %s%s%n", page.toAbsolutePath(), note == null ? "" : " (" + note + ")");
            } catch (IOException e) {
                err.println("could not write the report: " + e.getMessage());
                err.printf("the run record(s) above stay in %s, but no drill in its history lists them%n",
                        results.toAbsolutePath());
                err.flush();
            }
        });
    }
}
