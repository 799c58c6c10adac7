package io.outagedrill.harness.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.harness.storm.StormStep.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;

/**
 * One try of a storm: the client downloads while the driver plays the schedule. If that download gives up (a
 * mirror it abandoned, the deadline), the user tries again with the honest mirror now honest and the others still
 * broken; that resume must complete. Then the invariants: the right bytes or none at the destination name, no
 * thread of the client alive, no descriptor open in the download folder, nothing there but the file.
 */
final class StormTry {
    /** The client's own deadline; a download that outlives it by this much more is a hang. */
    static final Duration DEADLINE = Duration.ofSeconds(4);
    private static final Duration HANG = DEADLINE.plusSeconds(10);

    /** How a try went (it throws AssertionError when an invariant broke). */
    enum Outcome { COMPLETED, COMPLETED_ON_RESUME }

    private final StormWorld world;
    private final StormSchedule schedule;
    private final Path dir;
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    private StormDriver driver;

    StormTry(StormWorld world, StormSchedule schedule, Path dir) {
        this.world = world;
        this.schedule = schedule;
        this.dir = dir;
    }

    Outcome run() throws Exception {
        Files.createDirectories(dir);
        driver = new StormDriver(world.faults(), schedule.steps());
        TrackedThreads threads = new TrackedThreads();
        Outcome outcome;
        try {
            driver.start();
            Attempt first = download(threads, ((DownloadListener) events::add).and(driver));
            driver.close();
            assertThat(driver.errors()).as(() -> context("faults the world refused")).isEmpty();
            assertRightBytesOrNone();
            if (first.failure() == null) {
                outcome = Outcome.COMPLETED;
            } else {
                clearHonestMirror();
                Attempt resume = download(threads, events::add);
                assertThat(resume.failure()).as(() -> context("the resume with mirror m" + schedule.honest()
                        + " honest to complete; the first download failed with " + first.failure())).isNull();
                outcome = Outcome.COMPLETED_ON_RESUME;
            }
        } finally {
            if (driver != null) {
                driver.close();
            }
            world.calm();
        }
        assertThat(Sha256.ofFile(destination())).as(() -> context("the SHA-256 of the downloaded file"))
                .isEqualTo(world.file().sha256());
        settled("no client thread left").untilAsserted(() ->
                assertThat(threads.alive()).as(() -> context("client threads alive after the download")).isEmpty());
        settled("no descriptor open in the download folder").untilAsserted(() ->
                assertThat(openFilesUnder(dir)).as(() -> context("open descriptors into " + dir)).isEmpty());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as(() -> context("files left in the download folder")).containsExactly(StormWorld.FILE);
        }
        // A soak makes thousands of tries: keep only what a failing one leaves for inspection.
        Files.delete(destination());
        Files.delete(dir);
        return outcome;
    }

    /**
     * Waits for what the client ends as it returns. Checked at once and then often: Awaitility's default first
     * waits a whole 100 ms poll interval, which was a fifth of a typical try.
     */
    private static ConditionFactory settled(String what) {
        return await(what).atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    private record Attempt(DownloadResult result, String failure) {
    }

    private Attempt download(TrackedThreads threads, DownloadListener listener) throws Exception {
        Downloader downloader = Downloader.builder().httpClient(world.http()).config(config()).listener(listener)
                .threads(threads).build();
        CompletableFuture<DownloadResult> running = new CompletableFuture<>();
        Thread.ofVirtual().name("storm-download").start(() -> {
            try {
                running.complete(downloader.download(world.manifest(schedule.mirrors()), DownloadRequest.into(dir)));
            } catch (Throwable t) {
                running.completeExceptionally(t);
            }
        });
        try {
            return new Attempt(running.get(HANG.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            throw new AssertionError(context("the download to end within " + HANG + " (its deadline is "
                    + DEADLINE + "), but it hangs"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DownloadFailedException failed) {
                return new Attempt(null, failed.getMessage());
            }
            throw new AssertionError(context("a DownloadFailedException or a result, but the download threw "
                    + e.getCause()), e.getCause());
        }
    }

    private TransferConfig config() {
        return TransferConfig.builder().policy(schedule.policy()).connections(schedule.connections())
                .connectTimeout(Duration.ofMillis(300)).firstByteTimeout(Duration.ofMillis(500))
                .stallTimeout(Duration.ofMillis(300)).backoffBase(Duration.ofMillis(20)).backoffMultiplier(1.5)
                .minSpeed(64 * 1024).speedWindow(Duration.ofMillis(300)).maxRetriesPerMirror(8)
                .maxRetryAfter(Duration.ofMillis(100)).deadline(DEADLINE)
                .progressInterval(Duration.ofSeconds(10)).allowPlainHttp(true).seed(schedule.seed()).build();
    }

    /** Takes back whatever the honest mirror still has (a late driver), keeping the other mirrors' faults. */
    private void clearHonestMirror() throws IOException, InterruptedException {
        String honest = world.providers().get(schedule.honest());
        for (StormStep step : schedule.steps()) {
            if (step.what() instanceof Action.Apply(Fault fault) && fault.target().equals(honest)) {
                world.faults().clear(fault.id());
            }
        }
    }

    private Path destination() {
        return dir.resolve(StormWorld.FILE);
    }

    /** Invariant (a): whatever is at the destination name is the signed file. */
    private void assertRightBytesOrNone() throws IOException {
        if (Files.exists(destination())) {
            assertThat(Sha256.ofFile(destination()))
                    .as(() -> context("WRONG BYTES: the SHA-256 at the destination name"))
                    .isEqualTo(world.file().sha256());
        }
    }

    /** The descriptors of this process that point into {@code folder} (Linux: /proc/self/fd). */
    static List<Path> openFilesUnder(Path folder) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return List.of();
        }
        Path absolute = folder.toAbsolutePath();
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.flatMap(fd -> {
                try {
                    return Stream.of(Files.readSymbolicLink(fd));
                } catch (IOException | UnsupportedOperationException closedMeanwhile) {
                    return Stream.empty();
                }
            }).filter(target -> target.startsWith(absolute)).toList();
        }
    }

    /** What a failure says: the expectation, the seed to replay it, the schedule, what fired, what the client saw. */
    private String context(String expectation) {
        StringBuilder text = new StringBuilder("expected ").append(expectation).append("\nreplay with -Dstorm.replay=")
                .append(schedule.seed()).append('\n').append(schedule.describe()).append("fired:\n");
        if (driver != null) {
            driver.fired().forEach(line -> text.append("  ").append(line).append('\n'));
        }
        text.append("client events:\n");
        events.stream().filter(e -> !(e instanceof DownloadEvent.Progress))
                .forEach(e -> text.append("  ").append(e.describe()).append('\n'));
        return text.toString();
    }
}
