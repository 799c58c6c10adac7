package io.outagedrill.harness.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where run results become a report. The reports module provides one (found with {@link ServiceLoader}), so the
 * harness, which the reports module depends on, can still end {@code drill run} with the report's path.
 */
public interface ReportSink {

    /** Writes a report of these runs into {@code outDir}; returns the file a person should open. */
    Path write(List<RunResult> results, Path outDir) throws IOException;

    /**
     * Writes a report of one drill ({@code runKind} "run", "compare", ...) into the results folder's history, so
     * earlier drills' reports stay; returns the file a person should open. By default, {@link #write} into
     * {@code resultsDir/report}.
     */
    default Path record(String runKind, List<RunResult> results, Path resultsDir) throws IOException {
        return write(results, resultsDir.resolve("report"));
    }

    /** A picocli command object offered as {@code drill report}, or null. */
    default Object command() {
        return null;
    }

    /**
     * Every picocli command object this module adds to {@code drill}, each under its own {@code @Command} name
     * ({@code report}, {@code bench}, ...). By default just {@link #command()}.
     */
    default List<Object> commands() {
        Object command = command();
        return command == null ? List.of() : List.of(command);
    }

    static Optional<ReportSink> find() {
        return ServiceLoader.load(ReportSink.class).findFirst();
    }
}
