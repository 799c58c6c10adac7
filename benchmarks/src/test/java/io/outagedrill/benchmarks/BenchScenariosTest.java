package io.outagedrill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drill bench` with no names takes the scenarios `drill run --all` plays, by the names `drill list` shows. */
class BenchScenariosTest {
    @TempDir
    Path dir;

    /** A .yml file was left out of `drill bench`'s every-scenario list, and a folder named x.yaml was taken in. */
    @Test
    void everyScenarioIsEachYamlAndYmlFileOfTheFolder() throws IOException {
        String demo = ScenarioLoader.builtInText("demo").orElseThrow();
        Files.writeString(dir.resolve("demo.yaml"), demo);
        Files.writeString(dir.resolve("my-outage.yml"), demo.replace("name: demo", "name: my-outage"));
        Files.createDirectory(dir.resolve("x.yaml"));
        Files.writeString(dir.resolve("notes.txt"), "not a scenario");

        assertThat(BenchScenarios.all(dir)).as("the names bench plays").containsExactly("demo", "my-outage");
        assertThat(BenchScenarios.load("my-outage", dir)).extracting(Scenario::name).isEqualTo("my-outage");
    }
}
