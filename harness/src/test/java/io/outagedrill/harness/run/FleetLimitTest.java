package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A fleet that runs out of a limit ends promptly with the limit named, how to raise it, and a record of what
 * finished, instead of hanging. The scenario's link is so slow that its downloads would take minutes: a run that
 * ends in seconds was ended by the limit.
 */
// Alone: it measures the JVM's own threads and heap, which tests running beside it would change.
@Isolated
class FleetLimitTest {
    /** Far below the minutes the scenario's downloads would take, far above a loaded machine's topology start. */
    private static final Duration PROMPT = Duration.ofSeconds(45);

    private static final String SCENARIO = """
            name: fleet-limit
            description: five clients on a link too slow to finish in a test's time
            seed: 7
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
              files:
                - {name: big.bin, size: 2MiB, chunkSize: 256KiB}
            clients:
              - {count: 5}
            timeline:
              - at: 0s
                apply: {id: slow, fault: toxic.bandwidth, target: cloudflare, rate: 4}
            slos:
              - completeWithin: {share: 100%, within: 300s}
            """;

    @TempDir
    Path results;

    @Test
    void aFleetOverItsThreadBudgetIsStoppedWithTheLimitNamedAndARecord() throws Exception {
        // Each reference client adds platform threads (the fault proxy pumps every connection on its own): two
        // are fewer than five clients need.
        RunOptions options = RunOptions.defaults(results).withLimits(FleetLimits.DEFAULT.withThreads(2));

        RunResult result = new ScenarioRunner().run(scenario(), options);

        assertStoppedAt(result, FleetLimit.THREADS, "ulimit -u");
        assertThat(result.downloads()).as("the stopped reference clients").isNotEmpty()
                .noneMatch(DownloadRecord::succeeded);
    }

    @Test
    void aClientOutOfHeapStopsTheFleetAndTheOthersHandInTheirRecords() throws Exception {
        RunOptions options = RunOptions.defaults(results).withAdapter(new OneClientOutOfHeap());

        RunResult result = new ScenarioRunner().run(scenario(), options);

        assertStoppedAt(result, FleetLimit.HEAP, "-Xmx");
        assertThat(result.downloads()).filteredOn(d -> d.output().contains("OutOfMemoryError")).hasSize(1);
        assertThat(result.downloads()).filteredOn(d -> !d.output().contains("OutOfMemoryError"))
                .as("the others were stopped, not finished").allMatch(d -> d.output().equals("killed"));
    }

    private static void assertStoppedAt(RunResult result, FleetLimit limit, String howToRaise) throws Exception {
        assertThat(result.elapsed()).as("a fleet stopped at its limit ends promptly, not when its downloads would")
                .isLessThan(PROMPT);
        assertThat(result.passed()).as("a fleet stopped at a limit fails its run").isFalse();
        SloVerdict verdict = result.verdicts().getLast();
        assertThat(verdict.slo()).isEqualTo("fleet within its limits");
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.measured()).as("the verdict names the limit").contains(limit.what());
        assertThat(verdict.detail()).as("the verdict says how to raise it").contains(howToRaise);
        assertThat(result.notes()).as("the notes say it too").anyMatch(n -> n.contains(limit.what())
                && n.contains(howToRaise));
        int neverStarted = 5 - result.downloads().size();
        assertThat(neverStarted == 0 || result.notes().contains(
                "%d of 5 clients were never started: the fleet was stopped first".formatted(neverStarted)))
                .as("every client is accounted for: %d recorded, notes %s", result.downloads().size(),
                        result.notes()).isTrue();
        assertThat(result.resultFile()).as("the run is recorded").isNotNull();
        assertThat(Files.readString(result.resultFile())).contains("fleet within its limits");
    }

    private static Scenario scenario() {
        return ScenarioLoader.parse("fleet-limit.yaml", "fleet-limit", SCENARIO);
    }

    /**
     * Client 001 ends at once in the words the in-process reference client uses for an {@link OutOfMemoryError};
     * the others download until they are killed.
     */
    private static final class OneClientOutOfHeap implements SystemUnderTest {
        @Override
        public String name() {
            return "out-of-heap";
        }

        @Override
        public RunningDownload start(DownloadJob job, Consumer<Observation> observer) {
            Instant started = Instant.now();
            CountDownLatch killed = new CountDownLatch(job.id().endsWith("-001") ? 0 : 1);
            return new RunningDownload() {
                @Override
                public DownloadOutcome await() throws InterruptedException {
                    boolean stopped = killed.await(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    String output = killed.getCount() == 0 && job.id().endsWith("-001")
                            ? "java.lang.OutOfMemoryError: Java heap space" : "killed";
                    return new DownloadOutcome(job.id(), name(), stopped ? 1 : 124, Optional.empty(), false, started,
                            Duration.between(started, Instant.now()), !stopped, List.of(), output);
                }

                @Override
                public void kill() {
                    killed.countDown();
                }
            };
        }
    }
}
