package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
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

    /** This drill's records as they are written, and its entry in the results folder's history. */
    DrillRecords drill(String runKind, Optional<ReportSink> reports, PrintStream out, java.io.PrintWriter err) {
        return new DrillRecords(runKind, results, reports, out, err);
    }
}
