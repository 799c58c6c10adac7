package io.outagedrill.benchmarks;

import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds named scenarios for the benchmarks: a {@code .yaml} path, {@code DIR/NAME.yaml} or {@code DIR/NAME.yml} (not
 * both), or one built into the harness.
 */
public final class BenchScenarios {
    private BenchScenarios() {
    }

    /** As {@code drill run} finds it ({@link ScenarioFiles#loadOrBuiltIn}); a {@code ScenarioException} if not. */
    public static Scenario load(String name, Path dir) {
        return ScenarioFiles.loadOrBuiltIn(dir, List.of(name)).getFirst();
    }

    /** The names of every scenario file in {@code dir} ({@code .yaml} and {@code .yml}, as {@code --all} takes them), sorted. */
    public static List<String> all(Path dir) throws IOException {
        return ScenarioLoader.names(dir);
    }
}
