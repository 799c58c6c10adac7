package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;

/** How {@link OutageScenario} and {@link FakeWorld} find a scenario by name: as `drill run NAME` does. */
class ScenarioLookupTest {
    @TempDir
    Path dir;

    /** `drill run my-outage` played my-outage.yml; {@code @OutageScenario("my-outage")} said there was none. */
    @Test
    void aYmlFileIsFoundByTheNameDrillRunTakes() throws IOException {
        Files.writeString(dir.resolve("my-outage.yml"), ScenarioLoader.builtInText("demo").orElseThrow()
                .replace("name: demo", "name: my-outage"));

        Scenario found = ScenarioLookup.find("my-outage", dir.toString());

        assertThat(found.name()).as("the scenario of %s", dir.resolve("my-outage.yml")).isEqualTo("my-outage");
    }

    /**
     * demo.yaml beside demo.yml: the .yaml was played here, while `drill list` and `--all` took both. One name, two
     * files is refused, naming both, wherever the scenario is looked for.
     */
    @Test
    void aYamlAndAYmlFileOfTheSameNameAreRefusedNamingBoth() throws IOException {
        String demo = ScenarioLoader.builtInText("demo").orElseThrow();
        Files.writeString(dir.resolve("demo.yaml"), demo.replace("The whole idea in one run", "From demo.yaml"));
        Files.writeString(dir.resolve("demo.yml"), demo.replace("The whole idea in one run", "From demo.yml"));

        assertThatThrownBy(() -> ScenarioLookup.find("demo", dir.toString())).isInstanceOf(ScenarioException.class)
                .hasMessage("%s: scenario 'demo' has two files, %s and %s: keep one (a scenario is named by its "
                        + "file's name without .yaml or .yml)", dir.resolve("demo.yml"), dir.resolve("demo.yaml"),
                        dir.resolve("demo.yml"));
    }

    /** {@code @OutageScenario("fastly-2021-06-09")} said only where it had looked, not what was meant. */
    @Test
    void aNameCloseToABuiltInOrAFoldersScenarioIsSuggested() throws IOException {
        Files.writeString(dir.resolve("my-outage.yaml"), ScenarioLoader.builtInText("demo").orElseThrow()
                .replace("name: demo", "name: my-outage"));

        assertThatThrownBy(() -> ScenarioLookup.find("fastly-2021-06-09", dir.toString()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageEndingWith("nor among the built-in ones (did you mean 'fastly-2021-06-08'?)");
        assertThatThrownBy(() -> ScenarioLookup.find("my-outgae", dir.toString()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageEndingWith("nor among the built-in ones (did you mean 'my-outage'?)");
    }

    /**
     * A folder given that is not there played the built-in scenario of the same name, with no word of it: a typo in
     * the folder's path ran another scenario than the user's copy.
     */
    @Test
    void aFolderGivenThatIsNotThereIsRefusedRatherThanPlayingTheBuiltInOne() throws IOException {
        Path typo = dir.resolve("scenarioz");
        assertThatThrownBy(() -> ScenarioLookup.find("fastly-2021-06-08", typo.toString()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("scenarios = \"%s\": %s does not exist, so no scenario would be read from it", typo,
                        typo.toAbsolutePath());
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertThatThrownBy(() -> ScenarioLookup.find("fastly-2021-06-08", file.toString()))
                .isInstanceOf(ParameterResolutionException.class).hasMessageContaining(" is not a folder");
        assertThat(ScenarioLookup.find("fastly-2021-06-08", dir.toString()).name())
                .as("a folder that is there, without the scenario: the built-in one").isEqualTo("fastly-2021-06-08");
    }
}
