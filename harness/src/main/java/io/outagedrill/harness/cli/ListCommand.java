package io.outagedrill.harness.cli;

import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
    public Integer call() throws Exception {
        List<Scenario> all = ScenarioFiles.load(scenarios != null ? scenarios : ScenarioFiles.defaultDir(), List.of(),
                true);
        for (Scenario s : all) {
            out.printf("%-36s %-40s %s%n", s.name(), String.join(",", s.tags()), RunCommand.firstSentence(s.description()));
        }
        out.printf("%d scenarios%n", all.size());
        return 0;
    }
}
