package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.Capability;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that began seconds after its stagger said (a machine too busy to start a downloader's process) may begin
 * after the fault it was due to meet, and pass it: the run's notes name the latest. Its downloads here say when they
 * began, as a process's outcome does, so no test waits for a slow start.
 */
class LateStartNoteTest {
    private static final String SCENARIO = """
            name: late-starts
            description: two clients, the second reporting it began late
            seed: 3
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
              files:
                - {name: small.bin, size: 64KiB}
            clients:
              - {count: 2}
            slos:
              - corruptFilesAccepted: 0
            """;

    @TempDir
    Path results;

    @Test
    void aDownloadThatBeganSecondsLateIsNamedInTheNotesAndOneOnTimeIsNot() throws Exception {
        Scenario scenario = ScenarioLoader.parse("late-starts.yaml", "late-starts", SCENARIO);

        RunResult late = new ScenarioRunner().run(scenario, RunOptions.defaults(results)
                .withAdapter(new BeganAt(Duration.ofMillis(2_500))));
        RunResult onTime = new ScenarioRunner().run(scenario, RunOptions.defaults(results)
                .withAdapter(new BeganAt(Duration.ZERO)));

        // 2.5 s as reported, plus however long this machine took to start it.
        assertThat(late.notes()).as("notes").anySatisfy(n -> assertThat(n).containsPattern("^1 download\\(s\\) "
                + "began more than 1 s after their stagger said, up to (2\\.[5-9]|[3-9]\\.[0-9]) s late "
                + "\\(clients-1-002, due 0\\.0 s into the run\\)"));
        assertThat(onTime.notes()).as("notes").noneMatch(n -> n.contains("after their stagger said"));
    }

    /** A downloader whose second download reports it began {@code late} after it was started. */
    private static final class BeganAt implements SystemUnderTest {
        private final Duration late;

        BeganAt(Duration late) {
            this.late = late;
        }

        @Override
        public String name() {
            return "began-at";
        }

        @Override
        public Set<Capability> reports() {
            return Set.of();
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant began = Instant.now().plus(job.id().endsWith("002") ? late : Duration.ZERO);
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() {
                    return new DownloadOutcome(job.id(), name(), 1, Optional.empty(), false, began, Duration.ZERO,
                            false, List.of(), "");
                }

                @Override
                public void kill() {
                }
            };
        }
    }
}
