package io.outagedrill.harness.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where run results become a report. The reports module depends on the harness, so the harness cannot call it:
 * the {@code drill} app hands the reports module's sink to {@code drill run} and {@code drill compare}, which then
 * end with the report's path. Without one (the harness on its own) they write run records only.
 */
@FunctionalInterface
public interface ReportSink {

    /**
     * Writes the report of one drill ({@code runKind} "run", "compare", ...) into the results folder's history, so
     * earlier drills' reports stay; returns the file a person should open.
     *
     * @param note why the drill ended before all it was asked to play (a signal stopped it), shown beside it in the
     *             history; null for a drill that played to its end
     */
    Path record(String runKind, List<RunResult> results, Path resultsDir, String note) throws IOException;
}
