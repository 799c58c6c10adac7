package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.ReferenceClientInProcess;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's adapter fills in {@code verified} as it sees fit; the harness judges the file at the destination itself.
 * An adapter that says "verified" of a file of zeros has accepted a corrupt file, and one that leaves the flag false
 * on a file its downloader fetched right has downloaded it.
 */
class AdapterWordTest {
    private static final Scenario SCENARIO = ScenarioLoader.parse("adapter-word.yaml", "adapter-word", """
            name: adapter-word
            description: two clients of a user's adapter, judged by the files they leave
            seed: 5
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
              files:
                - {name: small.bin, size: 256KiB, chunkSize: 64KiB}
            clients:
              - {count: 2}
            slos:
              - corruptFilesAccepted: 0
              - completeWithin: {share: 100%, within: 60s}
            """);

    @TempDir
    Path results;

    @Test
    void anAdapterSayingVerifiedOfAWrongFileHasAcceptedACorruptFile() throws Exception {
        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results).withAdapter(new Liar()));

        assertThat(result.downloads()).as("downloads of an adapter that writes zeros and says verified")
                .hasSize(2).allSatisfy(d -> {
                    assertThat(d.acceptedCorrupt()).as("%s accepted a corrupt file", d.id()).isTrue();
                    assertThat(d.succeeded()).as("%s succeeded", d.id()).isFalse();
                });
        assertThat(result.verdicts()).filteredOn(v -> v.slo().startsWith("corruptFilesAccepted")).singleElement()
                .satisfies(v -> assertThat(v.passed()).as("verdict %s", v).isFalse());
    }

    @Test
    void anAdapterThatLeavesVerifiedFalseOnTheRightFileHasDownloadedIt() throws Exception {
        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results).withAdapter(new Modest()));

        assertThat(result.downloads()).as("downloads of an adapter that never says verified").hasSize(2)
                .allSatisfy(d -> assertThat(d.succeeded()).as("%s succeeded; exit %d", d.id(), d.exitCode()).isTrue());
        assertThat(result.passed()).as("verdicts %s", result.verdicts()).isTrue();
    }

    /** Writes as many zeros as the file has bytes, exits 0 and says the file is verified. */
    private static final class Liar implements SystemUnderTest {
        @Override
        public String name() {
            return "liar";
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
            Instant started = Instant.now();
            Files.createDirectories(job.destination().getParent());
            Files.write(job.destination(), new byte[(int) job.size()]);
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() {
                    return new DownloadOutcome(job.id(), name(), 0, Optional.of(job.destination()), true, started,
                            Duration.between(started, Instant.now()), false, List.of(), "");
                }

                @Override
                public void kill() {
                }
            };
        }
    }

    /** The reference client's download, reported with verified false whatever the file. */
    private static final class Modest implements SystemUnderTest {
        private final ReferenceClientInProcess client = new ReferenceClientInProcess();

        @Override
        public String name() {
            return "modest";
        }

        @Override
        public boolean looksUpNamesThroughTheWorld() {
            return client.looksUpNamesThroughTheWorld();
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
            RunningDownload download = client.start(job, observer);
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() throws InterruptedException {
                    DownloadOutcome own = download.await();
                    return new DownloadOutcome(own.jobId(), name(), own.exitCode(), own.file(), false, own.started(),
                            own.elapsed(), own.timedOut(), own.observations(), own.output());
                }

                @Override
                public void kill() {
                    download.kill();
                }
            };
        }
    }
}
