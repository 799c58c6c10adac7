package io.outagedrill.harness.scenario;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in the repository's {@code scenarios/} folder loads: a broken scenario fails the build here. */
class RepositoryScenariosTest {
    static final Path DIR = Path.of("..", "scenarios");

    @Test
    void everyScenarioInTheRepositoryLoads() {
        assertThat(DIR).isDirectory();
        List<Scenario> scenarios = ScenarioLoader.loadAll(DIR);
        assertThat(scenarios).extracting(Scenario::name).contains("cloudflare-2025-11-18", "cloudflare-2025-12-05",
                "aws-us-east-1-2025-10-20", "fastly-2021-06-08", "cloudflare-2022-06-21", "cloudflare-2019-07-02",
                "akamai-2021-07-22", "primary-blackhole-mid-transfer", "corrupt-bytes-one-mirror", "range-ignored",
                "expired-manifest", "tampered-manifest");
        for (Scenario scenario : scenarios) {
            assertThat(scenario.description()).as(scenario.name()).isNotBlank();
            assertThat(scenario.slos()).as(scenario.name()).isNotEmpty();
            if (scenario.tags().contains(Scenario.REAL_INCIDENT)) {
                assertThat(scenario.source()).as(scenario.name()).startsWith("https://");
            }
        }
    }

    @Test
    void theDocsShowTheTestedFullExample() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "scenario-format.md"));
        String example = Files.readString(ScenarioLoaderTest.FULL);
        assertThat(doc).contains(example.substring(example.indexOf("name: full-example")).strip());
    }
}
