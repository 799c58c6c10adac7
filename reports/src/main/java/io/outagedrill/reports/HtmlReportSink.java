package io.outagedrill.reports;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.cli.BenchCommand;
import io.outagedrill.reports.cli.ReportCommand;
import io.outagedrill.reports.history.ReportHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Lets {@code drill run} and {@code drill compare} end with this module's report (one folder per drill, listed in
 * the results folder's index.html), and adds {@code drill report} and {@code drill bench}. */
public final class HtmlReportSink implements ReportSink {

    @Override
    public Path write(List<RunResult> results, Path outDir) throws IOException {
        return Reports.write(results, outDir);
    }

    /** Each drill's report goes to its own folder in the results folder's history, and the index lists it. */
    @Override
    public Path record(String runKind, List<RunResult> results, Path resultsDir) throws IOException {
        return new ReportHistory(resultsDir, Clock.systemUTC()).record(runKind, null, results).written().html();
    }

    @Override
    public Object command() {
        return new ReportCommand();
    }

    /** {@code drill report} and {@code drill bench}. */
    @Override
    public List<Object> commands() {
        return List.of(new ReportCommand(), new BenchCommand());
    }
}
