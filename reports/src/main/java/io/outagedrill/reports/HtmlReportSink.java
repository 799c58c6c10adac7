package io.outagedrill.reports;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.cli.ReportCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lets {@code drill run} and {@code drill compare} end with this module's report, and adds {@code drill report}. */
public final class HtmlReportSink implements ReportSink {

    @Override
    public Path write(List<RunResult> results, Path outDir) throws IOException {
        return Reports.write(results, outDir);
    }

    @Override
    public Object command() {
        return new ReportCommand();
    }
}
