package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.JsonLines;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 torture: a child JVM running the reference client is killed with SIGKILL at points spread over one
 * download, from the first chunk to after the last one (the whole-file hash and the rename), and started again
 * each time until it finishes. The file must end with its signed SHA-256, and no chunk that the journal held as
 * verified after a kill may be requested again by a later run.
 *
 * <p>{@code -Dcrash.kills=N} sets the number of kill points (4 in {@code mvn verify}; the {@code soak} profile
 * sets 60).
 */
// Started among the first (the module runs its classes at once, longest first): 16-28 s, which started last
// would end the module alone.
@Order(1)
class KillNineTortureTest {
    private static final String FILE = "big.bin";
    private static final long SIZE = 32L << 20;
    private static final long CHUNK = 512 * 1024;
    private static final int CHUNKS = (int) (SIZE / CHUNK);
    /** 16 MB/s through the proxy: about 2 s for the whole file, wide enough for every kill point to land. */
    private static final long RATE_KB_PER_SECOND = 16 * 1024;
    /**
     * Tail points this far apart from the last chunk's verification: the child's whole-file hash and rename took
     * more than 180 ms on a busy 2-core machine, so the later points land past the rename or after the end.
     */
    private static final long TAIL_STEP_MILLIS = 150;

    @TempDir
    Path dir;

    @Test
    void aDownloadKilledAgainAndAgainEndsExactAndNeverRefetchesADurableChunk() throws Exception {
        int kills = Integer.getInteger("crash.kills", 8);
        List<KillPoint> points = KillPoint.spread(kills, CHUNKS, TAIL_STEP_MILLIS);
        long started = System.nanoTime();
        try (Topology topology = Topology.builder().https(false).provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .file(FILE, SIZE, CHUNK).manifestReplicas(1).start()) {
            new AppliedFaults(topology).apply(new ToxicFault("slow", "origin", "bandwidth",
                    ToxicSpec.Stream.DOWNSTREAM, 1.0, Map.of("rate", RATE_KB_PER_SECOND)));
            Path out = Files.createDirectories(dir.resolve("out"));
            Journal journal = Journal.beside(out.resolve(FILE + ".part"));
            Path destination = out.resolve(FILE);
            BitSet durable = new BitSet();
            List<String> history = new ArrayList<>();
            int landed = 0;
            boolean killedAfterRename = false;
            boolean done = false;
            for (int run = 0; run <= points.size() && !done; run++) {
                KillPoint point = run < points.size() ? points.get(run) : null;
                ChildRun child = ChildRun.start(topology, out, dir, run, point);
                int code = child.awaitExit();
                String what = "run " + run + " (kill " + point + ", exit " + code + ", resumed with "
                        + child.kept() + ", attempts " + child.attempted() + ", " + child.timing() + ")";
                history.add(what);
                BitSet refetched = child.attempted();
                refetched.and(durable);
                assertThat(refetched.stream().boxed().toList()).as("chunks durable before run %d fetched again by it; %s", run, history)
                        .isEmpty();
                if (!durable.isEmpty()) {
                    assertThat(child.kept()).as("chunks the resume of run %d kept; %s", run, history)
                            .isEqualTo(durable.cardinality());
                }
                if (Files.exists(destination)) {
                    assertThat(Sha256.ofFile(destination)).as("SHA-256 at the destination after %s", what)
                            .isEqualTo(topology.file(FILE).sha256());
                }
                if (code == 0) {
                    done = true;
                    continue;
                }
                assertThat(point).as("the last run, killed by nobody, to succeed; stderr: %s", child.stderr())
                        .isNotNull();
                landed++;
                BitSet after = journal.load().map(JournalState::verified).orElseGet(BitSet::new);
                if (Files.exists(destination)) {
                    // Killed after the rename: the whole file is durable and the next run finds it there.
                    killedAfterRename = true;
                    durable = new BitSet();
                    continue;
                }
                BitSet lost = (BitSet) durable.clone();
                lost.andNot(after);
                assertThat(lost.stream().boxed().toList()).as("durable chunks the journal lost after %s; %s", what, history).isEmpty();
                durable = after;
            }
            assertThat(done).as("the download to finish; %s", history).isTrue();
            assertThat(Sha256.ofFile(destination)).as("the SHA-256 of the file; %s", history)
                    .isEqualTo(topology.file(FILE).sha256());
            // Also after a kill between the rename and the journal's deletion: the next run, finding the file there,
            // removes the stale journal (StaleJournalAfterRenameTest pins that state down on its own).
            assertThat(journal.path()).as("the journal after success (killed after the rename: %s); %s",
                    killedAfterRename, history).doesNotExist();
            assertThat(out.resolve(FILE + ".part")).as("the part file after success").doesNotExist();
            int progressPoints = (int) points.stream().filter(KillPoint.AtVerifiedChunks.class::isInstance).count();
            assertThat(landed).as("kills that landed before the end (every chunk-count point must); %s", history)
                    .isGreaterThanOrEqualTo(progressPoints);
            System.out.printf("kill -9 torture: %d of %d kill points landed, %d s%n%s%n", landed, points.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), String.join("\n", history));
        }
    }

    /** One child run, watching its events to kill it at its point and to note what it kept and fetched. */
    private static final class ChildRun {
        private final KillPoint point;
        private final CompletableFuture<ChildClient> child = new CompletableFuture<>();
        private final List<Integer> attempts = new CopyOnWriteArrayList<>();
        private final Path stderr;
        private final long startedNanos = System.nanoTime();
        private volatile long firstEventMillis = -1;
        private volatile int kept;
        private int verified;
        private boolean killScheduled;

        private ChildRun(KillPoint point, Path stderr) {
            this.point = point;
            this.stderr = stderr;
        }

        static ChildRun start(Topology topology, Path out, Path dir, int run, KillPoint point) throws IOException {
            Path stderr = dir.resolve("child-" + run + ".err");
            ChildRun watch = new ChildRun(point, stderr);
            watch.child.complete(ChildClient.download(topology, FILE, out, dir.resolve("versions.json"), stderr, 9,
                    watch::on));
            return watch;
        }

        private synchronized void on(String line) {
            if (firstEventMillis < 0) {
                firstEventMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            }
            JsonNode event;
            try {
                event = JsonLines.parse(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON event line: " + line, e);
            }
            switch (event.path("event").asText()) {
                case "resumed" -> {
                    kept = event.path("chunksKept").asInt();
                    verified += kept;
                }
                case "chunk-verified" -> verified++;
                case "attempt-started" -> attempts.add(event.path("chunk").asInt());
                default -> {
                    return;
                }
            }
            maybeKill();
        }

        private void maybeKill() {
            if (killScheduled) {
                return;
            }
            switch (point) {
                case KillPoint.AtVerifiedChunks at when verified >= at.chunks() -> {
                    killScheduled = true;
                    child.thenAccept(ChildClient::kill);
                }
                case KillPoint.AfterAllVerified after when verified >= CHUNKS -> {
                    killScheduled = true;
                    child.thenAcceptAsync(ChildClient::kill,
                            CompletableFuture.delayedExecutor(after.delayMillis(), TimeUnit.MILLISECONDS));
                }
                case null, default -> {
                }
            }
        }

        int awaitExit() throws InterruptedException {
            return child.join().awaitExit(Duration.ofSeconds(120));
        }

        /** From start: to the child's first event, to its end. */
        String timing() {
            return "first event " + firstEventMillis + " ms, ended "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) + " ms";
        }

        int kept() {
            return kept;
        }

        BitSet attempted() {
            BitSet chunks = new BitSet();
            attempts.forEach(chunks::set);
            return chunks;
        }

        String stderr() throws IOException {
            return Files.readString(stderr);
        }
    }
}
