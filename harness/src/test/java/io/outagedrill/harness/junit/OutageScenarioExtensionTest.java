package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The annotation as a user would write it, and the assertion's failure message. */
class OutageScenarioExtensionTest {

    @OutageScenario(value = "expired-manifest", clients = 1)
    void theExtensionRunsTheNamedScenarioAndInjectsTheResult(RunResult result) {
        assertThat(result.scenario()).isEqualTo("expired-manifest");
        assertThat(result.downloads()).hasSize(1);
        RunResultAssert.assertThat(result).meetsSlos().acceptedNoCorruptFile();
    }

    @OutageScenario(value = "corrupt-bytes-one-mirror", clients = 1,
            client = "cmd:cp /dev/null {output}")
    void aDownloaderThatWritesAnEmptyFileMissesTheSlos(RunResult result) {
        assertThatThrownBy(() -> RunResultAssert.assertThat(result).meetsSlos())
                .hasMessageContaining("corrupt-bytes-one-mirror with cmd:cp /dev/null {output}")
                .hasMessageContaining("completeWithin");
    }

    /** A user's own downloader written in Java: here a thin wrapper around a library (the reference client). */
    public static final class MyLibraryAdapter implements io.outagedrill.harness.sut.SystemUnderTest {
        @Override
        public String name() {
            return "my-library";
        }

        @Override
        public RunningDownload start(io.outagedrill.harness.sut.DownloadJob job,
                                     java.util.function.Consumer<io.outagedrill.harness.sut.Observation> observer)
                throws java.io.IOException {
            return new io.outagedrill.harness.sut.ReferenceClientInProcess().start(job, observer);
        }
    }

    @OutageScenario(value = "corrupt-bytes-one-mirror", clients = 1, adapter = MyLibraryAdapter.class)
    void aUsersOwnAdapterClassDrivesTheScenario(RunResult result) {
        assertThat(result.client()).isEqualTo("my-library");
        assertThat(result.downloads()).singleElement().satisfies(d -> assertThat(d.client()).isEqualTo("my-library"));
        RunResultAssert.assertThat(result).meetsSlos();
    }

    @org.junit.jupiter.api.Test
    void theFailureMessageNamesEachMissedSloWithExpectedAndMeasured() {
        DownloadRecord failed = new DownloadRecord("c-1", "g", "x", "p", "f", 10, Instant.EPOCH, Instant.EPOCH,
                Duration.ZERO, 1, false, false, false, null, 0, 0, null, List.of(), Map.of(), null, List.of(),
                List.of(), "");
        RunResult result = new RunResult("demo", "", "x", "p", 7, 1, Instant.EPOCH, Duration.ZERO, List.of(),
                List.of("a note"), List.of(failed), List.of(
                        new SloVerdict("completeWithin 100% in 30 s", "at least 100%", "0% (0 of 1)", false, 1,
                                "c-1 failed (exit 1)"),
                        new SloVerdict("corruptFilesAccepted 0", "at most 0", "0", true, 1, "")),
                Path.of("r.json"));
        assertThatThrownBy(() -> RunResultAssert.assertThat(result).meetsSlos())
                .hasMessageContaining("demo with x/p (seed 7) missed 1 of 2 SLOs")
                .hasMessageContaining("completeWithin 100% in 30 s: expected at least 100%, measured 0% (0 of 1) "
                        + "(c-1 failed (exit 1))")
                .hasMessageContaining("a note")
                .hasMessageNotContaining("corruptFilesAccepted");
    }

    @org.junit.jupiter.api.Test
    void completedAtLeastPassesAtItsShareAndFailsBelowSayingHowMany() {
        DownloadRecord ok = new DownloadRecord("c-1", "g", "x", "p", "f", 10, Instant.EPOCH, Instant.EPOCH,
                Duration.ZERO, 0, true, false, false, null, 0, 0, null, List.of(), Map.of(), null, List.of(),
                List.of(), "");
        DownloadRecord failed = new DownloadRecord("c-2", "g", "x", "p", "f", 10, Instant.EPOCH, Instant.EPOCH,
                Duration.ZERO, 1, false, false, false, null, 0, 0, null, List.of(), Map.of(), null, List.of(),
                List.of(), "");
        RunResult half = new RunResult("demo", "", "x", "p", 7, 1, Instant.EPOCH, Duration.ZERO, List.of(),
                List.of(), List.of(ok, failed), List.of(), Path.of("r.json"));

        RunResultAssert.assertThat(half).completedAtLeast(0.5);
        assertThatThrownBy(() -> RunResultAssert.assertThat(half).completedAtLeast(0.9))
                .hasMessage("demo: expected at least 90% of downloads to finish verified, saw 50% (1 of 2)");
    }
}
