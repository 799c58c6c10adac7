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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timeline step at a share of verified progress ({@code atProgress}) fires at the chunk that crosses the share,
 * before the client goes on: "faults fire on verified progress, so every machine sees the same run". A download
 * that finishes within one of the runner's polling ticks (a small file on a fast machine) used to end before its
 * faults fired, and the SLOs about them then judged nothing.
 */
class ProgressStepsTest {
    private static final String SCENARIO = """
            name: progress-steps
            description: one client whose four chunks verify at once
            seed: 11
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
                - {name: fastly, kind: cdn-edge}
              files:
                - {name: small.bin, size: 1MiB, chunkSize: 256KiB}
            clients:
              - {count: 1}
            timeline:
              - atProgress: 25%
                apply: {id: cloudflare-500s, fault: http.status, target: cloudflare, code: 500}
              - atProgress: 75%
                clear: cloudflare-500s
            slos:
              - completeWithin: {share: 100%, within: 60s}
            """;

    @TempDir
    Path results;

    @Test
    void aProgressStepFiresAtTheChunkThatCrossesItsShareNotAPollingTickLater() throws Exception {
        InstantChunks client = new InstantChunks();
        Scenario scenario = ScenarioLoader.parse("progress-steps.yaml", "progress-steps", SCENARIO);

        RunResult result = new ScenarioRunner().run(scenario,
                RunOptions.defaults(results).withAdapter(client));

        assertThat(client.reported).as("chunks the client reported, each with its time").hasSize(4);
        assertThat(result.faults()).as("fault windows of the run").singleElement().satisfies(window -> {
            assertThat(window.start()).as("the 25%% step's start, against the first chunk's report at %s and the "
                    + "second's at %s", client.reported.get(0), client.reported.get(1))
                    .isAfterOrEqualTo(client.reported.get(0)).isBeforeOrEqualTo(client.reported.get(1));
            assertThat(window.end()).as("the 75%% step's clear, against the third chunk's report at %s and the "
                    + "fourth's at %s", client.reported.get(2), client.reported.get(3))
                    .isAfterOrEqualTo(client.reported.get(2)).isBeforeOrEqualTo(client.reported.get(3));
        });
    }

    /**
     * A user's program run as {@code cmd:} may print no event line: its progress is then its file's size, so a
     * progress step still fires for it (it never did: the runner waited for chunk reports that never came).
     */
    @Test
    void aProgressStepFiresForAProgramThatReportsNothingByItsFilesSize() throws Exception {
        assertFaultCameMidDownload(new SilentProgram(false));
    }

    /**
     * Many downloaders write {@code NAME.part} and rename it when done: followed by {@code {output}} alone, such a
     * program stayed at 0% until its rename, and a fault at 30% came after its download was over.
     */
    @Test
    void aProgressStepFiresForAProgramThatWritesAPartFileAndRenamesIt() throws Exception {
        assertFaultCameMidDownload(new SilentProgram(true));
    }

    /**
     * The fleet's share counts the downloads that have ended: a program that prints nothing is followed by its file,
     * and its folder is deleted when it ends. Counted as 0 from then on, the first download's whole file left a
     * staggered fleet's share at the second's half of its own file (25% here), and the 60% step never fired.
     */
    @Test
    void anEndedDownloadOfAProgramThatReportsNothingStillCountsInTheFleetsShare() throws Exception {
        SilentProgram client = new SilentProgram(false);
        client.firstWritesAllAtOnce = true;
        assertFaultCameMidDownload(client, SCENARIO.replace("  - {count: 1}", "  - {count: 2, stagger: 1s}")
                .replace("atProgress: 25%", "atProgress: 60%"), "the 60%% step's fault came while the second "
                + "download, at half its file after the first one's whole file, waited for it");
    }

    private void assertFaultCameMidDownload(SilentProgram client) throws Exception {
        assertFaultCameMidDownload(client, SCENARIO, "the 25%% step's fault came while the program, at half its file, "
                + "waited for it (else only after its 10 s wait)");
    }

    /** Plays {@code yaml} with {@code client}, telling it when a fault comes on, and checks it came mid-download. */
    private void assertFaultCameMidDownload(SilentProgram client, String yaml, String expected) throws Exception {
        Scenario scenario = ScenarioLoader.parse("progress-steps.yaml", "progress-steps", yaml);
        RunListener listener = new RunListener() {
            @Override
            public void fault(String id, boolean on) {
                if (on) {
                    client.faultOn.countDown();
                }
            }
        };

        RunResult result = new ScenarioRunner().run(scenario,
                RunOptions.defaults(results).withAdapter(client).withListener(listener));

        assertThat(result.faults()).as("fault windows of the run; notes %s", result.notes())
                .extracting(FaultWindow::id).contains("cloudflare-500s");
        assertThat(client.faultCameMidDownload).as(expected).isTrue();
    }

    /**
     * Writes half its file, waits (at most 10 s) for the 25% step's fault, writes the rest, and prints nothing; it
     * declares what it reports as a {@code cmd:} program does (the real template's rule, not a copy of it).
     */
    private static final class SilentProgram implements SystemUnderTest {
        final java.util.concurrent.CountDownLatch faultOn = new java.util.concurrent.CountDownLatch(1);
        /** Writes {@code {output}.part}, renamed to {@code {output}} at the end. */
        private final boolean viaPartFile;
        volatile boolean faultCameMidDownload;
        /** The first download writes its whole file and ends at once; the next one waits at half for the fault. */
        boolean firstWritesAllAtOnce;
        private final java.util.concurrent.atomic.AtomicInteger downloads = new java.util.concurrent.atomic.AtomicInteger();

        SilentProgram(boolean viaPartFile) {
            this.viaPartFile = viaPartFile;
        }
        private final io.outagedrill.harness.sut.CommandTemplate program =
                new io.outagedrill.harness.sut.CommandTemplate("silent-program -o {output} {urls}",
                        java.time.Clock.systemUTC());

        @Override
        public String name() {
            return "silent-program";
        }

        @Override
        public Set<Capability> reports() {
            return program.reports();
        }

        @Override
        public Set<Capability> reports(List<Observation> observed) {
            return program.reports(observed);
        }

        @Override
        public boolean mayReportNoChunks() {
            return program.mayReportNoChunks();
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant started = Instant.now();
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() throws InterruptedException {
                    java.nio.file.Path writing = viaPartFile
                            ? job.destination().resolveSibling(job.destination().getFileName() + ".part")
                            : job.destination();
                    try {
                        if (firstWritesAllAtOnce && downloads.getAndIncrement() == 0) {
                            java.nio.file.Files.write(job.destination(), new byte[(int) job.size()]);
                            return new DownloadOutcome(job.id(), name(), 1, Optional.empty(), false, started,
                                    Duration.between(started, Instant.now()), false, List.of(), "");
                        }
                        java.nio.file.Files.write(writing, new byte[(int) (job.size() / 2)]);
                        faultCameMidDownload = faultOn.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        java.nio.file.Files.write(writing, new byte[(int) job.size()]);
                        if (viaPartFile) {
                            java.nio.file.Files.move(writing, job.destination());
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return new DownloadOutcome(job.id(), name(), 1, Optional.empty(), false, started,
                            Duration.between(started, Instant.now()), false, List.of(), "");
                }

                @Override
                public void kill() {
                }
            };
        }
    }

    /** A downloader whose four chunks verify one after another with nothing in between, then ends. */
    private static final class InstantChunks implements SystemUnderTest {
        final List<Instant> reported = new ArrayList<>();

        @Override
        public String name() {
            return "instant-chunks";
        }

        @Override
        public Set<Capability> reports() {
            return Set.of(Capability.CHUNKS);
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant started = Instant.now();
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() {
                    List<Observation> observations = new ArrayList<>();
                    long chunk = job.size() / 4;
                    for (int i = 0; i < 4; i++) {
                        Instant at = Instant.now();
                        reported.add(at);
                        Observation verified = new Observation.ChunkVerified(at, "cloudflare", i, chunk);
                        observations.add(verified);
                        observer.accept(verified);
                    }
                    return new DownloadOutcome(job.id(), name(), 0, Optional.empty(), false, started,
                            Duration.between(started, Instant.now()), false, observations, "");
                }

                @Override
                public void kill() {
                }
            };
        }
    }
}
