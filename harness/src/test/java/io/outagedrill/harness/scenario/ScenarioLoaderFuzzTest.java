package io.outagedrill.harness.scenario;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The scenario loader's public entry point on any text: a scenario, or a {@link ScenarioException} whose
 * message names the file and says what is wrong; never an unchecked exception of YAML, schema or model code,
 * never a hang. A loaded scenario must also be refused under any other expected name. Seeds:
 * {@code ScenarioLoaderFuzzTestInputs/} (docs/fuzzing.md).
 */
class ScenarioLoaderFuzzTest {

    private static final String FILE = "fuzz.yaml";
    /** Far above a real parse (milliseconds): the first input in a JVM also loads the YAML and schema code. */
    private static final Duration PER_INPUT = Duration.ofSeconds(60);

    @FuzzTest
    void loadsAScenarioOrSaysWhereItIsWrong(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);

        Scenario scenario = parseOrNull(text, null);

        if (scenario != null) {
            assertThat(parseOrNull(text, scenario.name())).as("the same text under its own name")
                    .isEqualTo(scenario);
            assertThat(parseOrNull(text, scenario.name() + "-other")).as("the same text under another name")
                    .isNull();
        }
    }

    /** The scenario, or null when the loader refused the text with a ScenarioException that says why. */
    private static Scenario parseOrNull(String text, String expectedName) {
        try {
            return assertTimeoutPreemptively(PER_INPUT, () -> ScenarioLoader.parse(FILE, expectedName, text),
                    () -> "expected the loader to answer within " + PER_INPUT + ", saw it still running (a hang)");
        } catch (ScenarioException refused) {
            assertThat(refused.problems()).as("problems of a refusal").isNotEmpty()
                    .allSatisfy(problem -> {
                        assertThat(problem.file()).isEqualTo(FILE);
                        assertThat(problem.message()).as("message of %s", problem).isNotBlank();
                    });
            assertThat(refused.getMessage()).as("message of a refusal").startsWith(FILE);
            return null;
        } catch (AssertionError failed) {
            throw failed;
        } catch (Throwable other) {
            throw new AssertionError("expected a scenario or a ScenarioException, saw " + other, other);
        }
    }
}
