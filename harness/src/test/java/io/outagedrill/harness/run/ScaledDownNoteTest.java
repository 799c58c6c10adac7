package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A quick run with fewer clients than the scenario's groups ({@code drill run X --clients 2}) spreads them over the
 * same span, so a fault window between two starts can hold no download: the SLO on it fails as not judged, and the
 * run says that the client count did it, with the counts, rather than leaving it to read as the client's miss.
 */
class ScaledDownNoteTest {
    private static final Scenario TWELVE = ScenarioLoader.parse("fleet.yaml", "fleet", """
            name: fleet
            description: test
            seed: 1
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
              files:
                - {name: f.bin, size: 4096}
            clients:
              - {count: 12, stagger: 1s}
              - {count: 1}
            slos:
              - corruptFilesAccepted: 0
            """);
    private static final SloVerdict EMPTY_WINDOW = new SloVerdict("completeWithin 100% in 10 s (during outage)",
            "at least 100%", "not judged: no download during outage", false, 0, "");
    private static final SloVerdict MET = new SloVerdict("corruptFilesAccepted 0", "at most 0", "0", true, 12, "");
    private static final RunOptions DEFAULTS = RunOptions.defaults(Path.of("unused"));

    @Test
    void aWindowLeftEmptyByFewerClientsIsSaidToBeTheClientCounts() {
        assertThat(ScenarioRunner.scaledDownNote(TWELVE, DEFAULTS.withClientCount(2), List.of(MET, EMPTY_WINDOW)))
                .hasValue("this run started 2 of group 1's 12 clients (a client count of 2 per group), further apart "
                        + "than the scenario's own: an SLO whose window fell between two starts had no download to "
                        + "judge. Run with more clients, or the scenario's own counts, to judge it");
    }

    @Test
    void nothingIsSaidWithTheScenariosOwnCountsOrWhenEveryWindowHadADownload() {
        assertThat(ScenarioRunner.scaledDownNote(TWELVE, DEFAULTS, List.of(EMPTY_WINDOW)))
                .as("the scenario's own counts").isEmpty();
        assertThat(ScenarioRunner.scaledDownNote(TWELVE, DEFAULTS.withClientCount(12), List.of(EMPTY_WINDOW)))
                .as("a count no group is above").isEmpty();
        assertThat(ScenarioRunner.scaledDownNote(TWELVE, DEFAULTS.withClientCount(2), List.of(MET)))
                .as("every SLO judged").isEmpty();
        SloVerdict noneFinished = new SloVerdict("completeWithin 100% in 10 s", "at least 100%",
                "not judged: no download finished", false, 0, "");
        assertThat(ScenarioRunner.scaledDownNote(TWELVE, DEFAULTS.withClientCount(2), List.of(noneFinished)))
                .as("no download finished at all: not the client count's doing").isEmpty();
    }
}
