package io.outagedrill.harness.cli;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill list}: the named scenarios with their tags and a line about each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios in the scenarios folder.")
public final class ListCommand implements Callable<Integer> {

    @Option(names = "--scenarios", paramLabel = "DIR", description = ScenarioFiles.FOLDER_HELP)
    Path scenarios;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        Path dir = scenarios != null ? scenarios : ScenarioFiles.defaultDir();
        // One broken file does not hide the others: the ones that load are listed, then the others' problems.
        ScenarioLoader.Loaded folder = ScenarioLoader.loadEach(dir);
        for (Scenario s : folder.scenarios()) {
            out.printf("%-36s %-40s %s%n", s.name(), String.join(",", s.tags()), RunCommand.firstSentence(s.description()));
        }
        int count = folder.scenarios().size();
        out.printf("%d scenario%s%n", count, count == 1 ? "" : "s");
        if (!folder.problems().isEmpty()) {
            throw new ScenarioException(folder.problems());
        }
        return 0;
    }
}
