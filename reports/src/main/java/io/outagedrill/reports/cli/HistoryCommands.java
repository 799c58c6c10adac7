package io.outagedrill.reports.cli;

import io.outagedrill.reports.Reports;
import io.outagedrill.reports.history.ReportHistory;
import io.outagedrill.reports.history.RunEntry;
import io.outagedrill.reports.history.RunsManifest;
import io.outagedrill.reports.model.Format;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code drill report}'s history modes: {@code --list}, {@code --run ID}, {@code --prune KEEP}, {@code --index}. */
final class HistoryCommands {
    private final ReportHistory history;
    private final PrintStream out;
    private final PrintStream err;

    HistoryCommands(ReportHistory history, PrintStream out, PrintStream err) {
        this.history = history;
        this.out = out;
        this.err = err;
    }

    int list() {
        List<RunEntry> runs;
        try {
            runs = history.runs();
        } catch (IOException e) {
            return error(e);
        }
        if (runs.isEmpty()) {
            out.println("no drills recorded in " + history.resultsDir().toAbsolutePath()
                    + " (`drill run NAME` records one)");
            return 0;
        }
        for (RunEntry e : runs) {
            out.printf("%s  %-7s %-11s score %-5s %s%s%n", e.id(), e.kind(), e.passed() ? "SLOs held" : "SLOs FAILED",
                    e.score() == null ? "–" : Format.f("%.1f", e.score()),
                    // The policies too, as index.html shows them: a compare of policies is otherwise told from a
                    // run of one only by opening its report.
                    String.join(",", e.scenarios()) + " · " + String.join(",", e.clients()) + " · "
                            + String.join(",", e.policies()),
                    e.note() == null ? "" : " (" + e.note() + ")");
        }
        out.println("index: " + history.index().toAbsolutePath());
        return 0;
    }

    int rebuild(String id, Path to, Reports.Baseline baseline, String threshold) {
        try {
            int records = history.find(id).records().size();
            return ReportCommand.printWritten(out, history.rebuild(id, to, baseline), records, threshold);
        } catch (IOException e) {
            return error(e);
        }
    }

    int prune(int keep) {
        if (keep < 0) {
            err.println("report: --prune wants how many drills to keep (0 or more), got " + keep);
            return 2;
        }
        if (noHistory("--prune")) {
            return 2;
        }
        ReportHistory.Pruned pruned;
        try {
            pruned = history.prune(keep);
        } catch (IOException e) {
            return error(e);
        }
        pruned.removed().forEach(e -> out.println("removed " + e.id()));
        out.printf("kept %d drill(s), removed %d and %d run record(s) only they listed%n", pruned.kept().size(),
                pruned.removed().size(), pruned.recordsDeleted().size());
        out.println("index: " + history.index().toAbsolutePath());
        return 0;
    }

    int index() {
        if (noHistory("--index")) {
            return 2;
        }
        try {
            history.rewriteIndex();
        } catch (IOException e) {
            return error(e);
        }
        out.println("index: " + history.index().toAbsolutePath());
        return 0;
    }

    /**
     * A folder with no {@code runs.json} holds no drill history, and one of the user's own there (a mistyped
     * {@code --results}: a web site's folder) had its index.html replaced by an empty list of drills. Refused, naming
     * it, and nothing written; {@code --list} says "no drills recorded" as before.
     */
    private boolean noHistory(String mode) {
        if (Files.exists(history.resultsDir().resolve(RunsManifest.FILE))) {
            return false;
        }
        err.println("report: " + mode + ": no drills recorded in " + history.resultsDir().toAbsolutePath() + " (no "
                + RunsManifest.FILE + "): nothing to " + (mode.equals("--index") ? "index" : "prune")
                + ", and nothing there was changed; give the --results folder drill run wrote");
        return true;
    }

    private int error(IOException e) {
        err.println("report: " + e.getMessage());
        return 2;
    }
}
