package io.outagedrill.harness.cli;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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
        Path dir = scenarios != null ? scenarios : ScenarioFiles.defaultDir();
        List<Scenario> all;
        ScenarioException broken = null;
        try {
            all = ScenarioFiles.load(dir, List.of(), true);
        } catch (ScenarioException e) {
            // One broken file hid every scenario: list the ones that load, then fail with the others' problems.
            all = loadable(dir).orElseThrow(() -> e);
            broken = e;
        }
        for (Scenario s : all) {
            out.printf("%-36s %-40s %s%n", s.name(), String.join(",", s.tags()), RunCommand.firstSentence(s.description()));
        }
        out.printf("%d scenarios%n", all.size());
        if (broken != null) {
            throw broken;
        }
        return 0;
    }

    /** The scenarios among the folder's files that load; empty when the folder cannot be listed. */
    private static Optional<List<Scenario>> loadable(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Scenario> loaded = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                try {
                    loaded.add(ScenarioLoader.load(file));
                } catch (ScenarioException problem) {
                    // reported with the others after the list
                }
            }
            return Optional.of(loaded);
        } catch (IOException unlistable) {
            return Optional.empty();
        }
    }
}
