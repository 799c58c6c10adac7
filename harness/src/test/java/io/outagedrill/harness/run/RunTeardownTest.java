package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run ends for the clients it started: a stopped run (Ctrl-C interrupts its thread) kills every download
 * still running, so no child process or download thread outlives the world it talks to; a client that cannot
 * start is told to the live view as a failure, not left counted as running.
 */
class RunTeardownTest {
    private static final Scenario SCENARIO = scenario("teardown", "two clients and no fault", "timeline: []");

    /** A step at 200 ms, while both clients still run. */
    private static final Scenario WITH_A_STEP = scenario("teardown-step",
            "two clients and a step that is still applying its fault when the run is stopped", """
            timeline:
              - at: 200ms
                apply: {id: akamai-500s, fault: http.status, target: akamai, code: 500}
                note: slow step""");

    /** Two clients of one 256 KiB file from one provider, with {@code timeline} (YAML at the top level). */
    private static Scenario scenario(String name, String description, String timeline) {
        return ScenarioLoader.parse(name + ".yaml", name, """
                name: %s
                description: %s
                seed: 3
                topology:
                  providers:
                    - {name: akamai, kind: cdn-edge}
                  files:
                    - {name: f.bin, size: 256KiB, chunkSize: 128KiB}
                clients:
                  - {count: 2}
                %s
                slos:
                  - corruptFilesAccepted: 0
                """.formatted(name, description, timeline));
    }

    @TempDir
    Path results;

    @Test
    void aStoppedRunKillsEveryDownloadStillRunning() throws Exception {
        Hanging adapter = new Hanging();
        Thread[] runner = new Thread[1];
        CompletableFuture<RunResult> run = new CompletableFuture<>();
        runner[0] = Thread.ofPlatform().start(() -> {
            try {
                run.complete(new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results).withAdapter(adapter)));
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(adapter.started.get()).as("downloads started").isEqualTo(2));

        runner[0].interrupt();

        assertThat(adapter.killed.await(20, TimeUnit.SECONDS))
                .as("both running downloads killed when the run was stopped; kills seen: %d of 2",
                        2 - adapter.killed.getCount()).isTrue();
        try {
            run.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("how a stopped run ends").isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void aClientThatCannotStartIsCountedAsFailedByTheLiveView() throws Exception {
        AtomicInteger couldNotRun = new AtomicInteger();
        RunListener listener = new RunListener() {
            @Override
            public void clientCouldNotRun(String id, Throwable why) {
                couldNotRun.incrementAndGet();
            }
        };
        SystemUnderTest refusing = new SystemUnderTest() {
            @Override
            public String name() {
                return "refusing";
            }

            @Override
            public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
                throw new IllegalStateException("cannot start in this test");
            }
        };

        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results).withAdapter(refusing)
                .withListener(listener));

        assertThat(couldNotRun.get()).as("clients the live view heard could not run").isEqualTo(2);
        assertThat(result.notes()).as("the run's notes").contains(
                "a client could not run: cannot start in this test");
    }

    @Test
    void aClientThatCannotRunFailsTheRunEvenWhenTheOthersPassTheirSlos() throws Exception {
        // The first client cannot start; the second ends without a file, which corruptFilesAccepted: 0 passes.
        SystemUnderTest halfRefusing = new SystemUnderTest() {
            @Override
            public String name() {
                return "half-refusing";
            }

            @Override
            public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
                if (job.id().endsWith("-001")) {
                    throw new IllegalStateException("cannot start in this test");
                }
                Instant began = Instant.now();
                return new RunningDownload() {
                    @Override
                    public DownloadOutcome await() {
                        return new DownloadOutcome(job.id(), name(), 1, Optional.empty(), false, began,
                                Duration.between(began, Instant.now()), false, List.of(), "no file");
                    }

                    @Override
                    public void kill() {
                    }
                };
            }
        };

        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results)
                .withAdapter(halfRefusing));

        assertThat(result.downloads()).as("records of the clients that ran").hasSize(1);
        assertThat(result.verdicts()).as("the verdicts of a run that lost one of its two clients")
                .contains(new SloVerdict("every client ran", "every client started its download and handed in a "
                        + "record", "1 of 2 could not run", false, 2, "they left no record, so no SLO judged them; "
                        + "the run's notes say why each could not run"));
        assertThat(result.passed()).as("a run with a client that could not run passes").isFalse();
    }

    /**
     * A run stopped while a timeline step is applying its fault (one slow to apply, or blocked in a call the
     * interrupt does not end): the world must stay up until the step is over, or the step acts on a world closed
     * under it. The step here ends when the run's teardown has killed the clients, and then checks that the world
     * stays up for a second more.
     */
    @Test
    void aStoppedRunKeepsTheWorldUpUntilATimelineStepStillRunningIsOver() throws Exception {
        Hanging adapter = new Hanging();
        AtomicReference<Topology> world = new AtomicReference<>();
        CountDownLatch stepRunning = new CountDownLatch(1);
        CountDownLatch stepOver = new CountDownLatch(1);
        AtomicReference<String> stepSaw = new AtomicReference<>("the step never checked the world");
        RunListener slowStep = new RunListener() {
            @Override
            public void step(String what) {
                if (what.equals("slow step")) {
                    stepRunning.countDown();
                    try {
                        stepSaw.set(worldDuringTheStep(world.get(), adapter.killed));
                    } finally {
                        stepOver.countDown();
                    }
                }
            }
        };
        WorldStarter remembered = (scenario, seed, clock) -> {
            world.set(WorldStarter.EMBEDDED.start(scenario, seed, clock));
            return world.get();
        };
        CompletableFuture<RunResult> run = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                run.complete(new ScenarioRunner(java.time.Clock.systemUTC(), remembered).run(WITH_A_STEP,
                        RunOptions.defaults(results).withAdapter(adapter).withListener(slowStep)));
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        assertThat(stepRunning.await(30, TimeUnit.SECONDS)).as("the step started").isTrue();

        runner.interrupt();

        try {
            run.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("how a stopped run ends").isInstanceOf(InterruptedException.class);
        }
        boolean overWhenTheRunEnded = stepOver.getCount() == 0;
        assertThat(stepOver.await(30, TimeUnit.SECONDS)).as("the step ended").isTrue();
        assertThat(stepSaw.get()).as("what the step in flight saw of the world").isEqualTo("the world stayed up");
        assertThat(overWhenTheRunEnded).as("the step was over when the run had ended").isTrue();
    }

    /**
     * Run as a timeline step, on the timeline's thread: waits (deaf to the interrupt of the run's teardown, as a
     * blocking call can be) until the teardown has killed both clients, then says whether the world's first mirror
     * still answered throughout the next second.
     */
    private static String worldDuringTheStep(Topology world, CountDownLatch teardown) {
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (boolean down = false; !down && System.nanoTime() < deadline; ) {
                try {
                    down = teardown.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException deaf) {
                    interrupted = true;
                }
            }
            interrupted |= Thread.interrupted();
            URI mirror = world.mirrorUrls("f.bin").getFirst();
            InetSocketAddress address = new InetSocketAddress(world.resolve().get(mirror.getHost()), mirror.getPort());
            await("the first mirror answering").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> answers(address));
            return "the world stayed up";
        } catch (org.awaitility.core.ConditionTimeoutException closed) {
            return "the world was closed while the step still ran: " + closed.getMessage();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * A {@code cmd:} downloader that exits and leaves a process running: the harness ends it, and the run says so,
     * since what it did meanwhile was part of what was measured.
     */
    @Test
    void theRunNotesTheProcessesADownloaderLeftRunning() throws Exception {
        Path pids = results.resolve("pids");
        Path script = Files.writeString(results.resolve("detach.sh"),
                "#!/bin/sh\nsleep 600 &\necho $! >> " + pids + "\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        try {
            RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results)
                    .withClient("cmd:" + script + " {output}"));

            assertThat(result.notes()).as("the run's notes").anySatisfy(note -> assertThat(note)
                    .startsWith("2 download(s) left 2 process(es) running after their downloader ended; the harness "
                            + "ended them: clients-1-001 (")
                    .contains("; clients-1-002 ("));
        } finally {
            if (Files.exists(pids)) {
                Files.readAllLines(pids).forEach(pid -> ProcessHandle.of(Long.parseLong(pid.strip()))
                        .ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    /**
     * A {@code cmd:} downloader that ran out of its own heap (a Java tool run with a small -Xmx): the run was
     * stopped as if the harness had run out of its heap, failed "fleet within its limits", and told the user to
     * give the harness more. Its heap is its own: its download fails, in its own words, and the run goes on.
     */
    @Test
    void aDownloaderOutOfItsOwnHeapIsNotTheFleetOutOfTheHarnesssHeap() throws Exception {
        Path script = Files.writeString(results.resolve("oom.sh"), "#!/bin/sh\n"
                + "echo 'Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        RunResult result = new ScenarioRunner().run(SCENARIO, RunOptions.defaults(results)
                .withClient("cmd:" + script + " {output}"));

        assertThat(result.verdicts()).as("the run's verdicts").noneSatisfy(verdict ->
                assertThat(verdict.slo()).isEqualTo("fleet within its limits"));
        assertThat(result.notes()).as("the run's notes").noneSatisfy(note -> assertThat(note).contains("JVM heap"));
        assertThat(result.downloads()).as("downloads, each failed in its own words").hasSize(2).allSatisfy(record ->
                assertThat(record.output()).contains("OutOfMemoryError"));
    }

    /** Downloads that never end by themselves: each waits until it is killed (or its job's timeout). */
    private static final class Hanging implements SystemUnderTest {
        final AtomicInteger started = new AtomicInteger();
        final CountDownLatch killed = new CountDownLatch(2);

        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant began = Instant.now();
            CountDownLatch mine = new CountDownLatch(1);
            started.incrementAndGet();
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() throws InterruptedException {
                    boolean ended = mine.await(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    return new DownloadOutcome(job.id(), name(), ended ? 137 : 124, Optional.empty(), false, began,
                            Duration.between(began, Instant.now()), !ended, List.of(), "killed");
                }

                @Override
                public void kill() {
                    if (mine.getCount() > 0) {
                        mine.countDown();
                        killed.countDown();
                    }
                }
            };
        }
    }
}
