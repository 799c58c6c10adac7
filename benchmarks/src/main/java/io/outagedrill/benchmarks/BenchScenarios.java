package io.outagedrill.benchmarks;

import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds named scenarios for the benchmarks: a {@code .yaml} path, {@code DIR/NAME.yaml}, or one built into the harness. */
public final class BenchScenarios {
    private BenchScenarios() {
    }

    /** As {@code drill run} finds it ({@link ScenarioFiles#loadOrBuiltIn}); a {@code ScenarioException} if not. */
    public static Scenario load(String name, Path dir) {
        return ScenarioFiles.loadOrBuiltIn(dir, List.of(name)).getFirst();
    }

    /** The names of every scenario file in {@code dir}, sorted. */
    public static List<String> all(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
        }
        return names;
    }
}
