package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifest attack scenarios have teeth against a downloader of someone else's: a script that reads the manifest
 * but never checks its signature (curl and sh, run as a {@code cmd:} downloader) downloads the file the forged
 * manifest names, and the scenario fails it, saying a file appeared, where the reference client refuses.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignatureBlindDownloaderTest {
    @TempDir
    Path results;

    @ParameterizedTest
    @ValueSource(strings = {"foreign-key-manifest", "tampered-manifest"})
    void aDownloaderThatNeverChecksTheSignatureFailsTheScenario(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "needs curl: apt-get install curl");
        Scenario scenario = ScenarioLoader.load(Path.of("..", "scenarios", name + ".yaml"));
        String client = "cmd:/bin/sh " + script() + " {manifest} {ca} {output} {resolve}";

        RunResult result = new ScenarioRunner().run(scenario, RunOptions.defaults(results).withClient(client)
                .withClientCount(1));

        assertThat(result.downloads()).as("downloads of %s", name).isNotEmpty().allSatisfy(d -> assertThat(d.exitCode())
                .as("%s: the script downloaded what the forged manifest named; output: %s", d.id(), d.output())
                .isZero());
        assertThat(result.verdicts()).as("verdicts of %s", name)
                .filteredOn(v -> v.slo().startsWith("expectRejection")).singleElement()
                .satisfies(v -> {
                    assertThat(v.passed()).as(v.toString()).isFalse();
                    assertThat(v.detail()).as(v.toString()).contains("a file appeared");
                });
    }

    private static Path script() throws URISyntaxException {
        return Path.of(SignatureBlindDownloaderTest.class.getResource("/downloaders/signature-blind.sh").toURI());
    }
}
