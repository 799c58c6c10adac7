package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The options {@code run} and {@code compare} share: which scenarios, from where, and where results go. */
final class ScenarioSelection {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Scenario names (files in the scenarios folder) "
            + "or paths to .yaml files.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Every scenario in the folder.")
    boolean all;

    @Option(names = "--scenarios", paramLabel = "DIR", description = ScenarioFiles.FOLDER_HELP)
    Path scenarios;

    @Option(names = "--results", paramLabel = "DIR", converter = FolderConverter.class, defaultValue = "drill-results",
            description = "Where run records (JSON) and the report go (default drill-results).")
    Path results;

    /**
     * Checks the selection before anything starts: nothing named is exit 2 with a hint (returned), {@code --all}
     * beside names a usage error (thrown: it would drop the names unseen); empty when there is something to play.
     */
    OptionalInt refusal(CommandSpec spec, PrintStream out) {
        if (names.isEmpty() && !all) {
            out.println("name one or more scenarios, or --all; `drill list` shows them");
            return OptionalInt.of(2);
        }
        if (all && !names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--all plays every scenario; name scenarios or give "
                    + "--all, not both (saw %s)".formatted(String.join(" ", names)));
        }
        return OptionalInt.empty();
    }

    List<Scenario> load() {
        return ScenarioFiles.load(scenarios != null ? scenarios : ScenarioFiles.defaultDir(), names, all);
    }

    /**
     * Writes this drill's report ({@code runKind} "run" or "compare") into the results folder's history when there is
     * a sink for one (the drill app gives the reports module's), and says where.
     */
    void report(String runKind, List<RunResult> results, Optional<ReportSink> reports, PrintStream out) {
        reports.ifPresent(sink -> {
            try {
                out.printf("%nreport: %s%n", sink.record(runKind, results, this.results).toAbsolutePath());
            } catch (IOException e) {
                out.println("could not write the report: " + e.getMessage());
            }
        });
        Path index = this.results.resolve("index.html");
        if (Files.isRegularFile(index)) {
            out.printf("all runs: %s%n", index.toAbsolutePath());
        }
        out.printf("results: %s%n", this.results.toAbsolutePath());
    }
}
