package io.outagedrill.reports;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.cli.BenchCommand;
import io.outagedrill.reports.cli.ReportCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lets {@code drill run} and {@code drill compare} end with this module's report, and adds {@code drill report} and {@code drill bench}. */
public final class HtmlReportSink implements ReportSink {

    @Override
    public Path write(List<RunResult> results, Path outDir) throws IOException {
        return Reports.write(results, outDir);
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
