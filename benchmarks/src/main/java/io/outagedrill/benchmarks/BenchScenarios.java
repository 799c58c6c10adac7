package io.outagedrill.benchmarks;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
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

    /** {@code $DRILL_HOME/scenarios} when launched by {@code ./drill}, else {@code ./scenarios}. */
    public static Path defaultDir() {
        String home = System.getenv("DRILL_HOME");
        return (home != null ? Path.of(home) : Path.of(".")).resolve("scenarios");
    }

    public static Scenario load(String name, Path dir) {
        Path file = name.endsWith(".yaml") || name.endsWith(".yml") ? Path.of(name) : dir.resolve(name + ".yaml");
        if (Files.exists(file)) {
            return ScenarioLoader.load(file);
        }
        return ScenarioLoader.builtIn(name).orElseThrow(() -> new IllegalArgumentException("no scenario '%s' (looked for %s and among the built-in ones); `drill list` "
                .formatted(name, file.toAbsolutePath()) + "shows them"));
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
