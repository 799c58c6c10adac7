package io.outagedrill.harness.referenceclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the CLI mid-download (what {@code kill}, {@code timeout}, systemd and {@code docker stop} send; Ctrl-C's
 * SIGINT takes the same path, but a shell starts background jobs with SIGINT ignored, so a test run from one could
 * not send it): the CLI exits with 143 (128 + 15), and its resume journal holds every chunk it reported verified.
 * The journal is saved at most every 100 ms, so without the CLI's shutdown hook (which interrupts the download and
 * waits for its journal's flush) the chunks verified in the last 100 ms or so would be lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StopSignalResumeTest {
    private static final long CHUNK = 64 * 1024;
    private static final String FILE = "clip.mp4";
    private static final Pattern VERIFIED = Pattern.compile("\"event\":\"chunk-verified\".*\"chunk\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aStopSignalMidDownloadExitsWith143AndKeepsEveryVerifiedChunkInTheJournal() throws Exception {
        try (Topology topology = Topology.builder().https(false).provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .file(FILE, 32L << 20, CHUNK).manifestReplicas(1).start()) {
            // About 1.6 MB/s a connection, two connections: a 64 KiB chunk verified every 20 ms or so, so at any
            // moment several wait for the journal's next save (at most every 100 ms), and the whole file would take
            // 10 s: far longer than the signal takes to arrive, however loaded the machine.
            topology.http("origin").add(new FaultRule.Dribble(16 * 1024, 10), Scope.all());
            Path out = Files.createDirectories(dir.resolve("out"));
            BitSet reported = new BitSet();
            CountDownLatch tenVerified = new CountDownLatch(10);
            ChildClient child = ChildClient.download(topology, FILE, out, dir.resolve("versions.json"),
                    dir.resolve("child.err"), 7, line -> {
                        Matcher m = VERIFIED.matcher(line);
                        if (m.find()) {
                            synchronized (reported) {
                                reported.set(Integer.parseInt(m.group(1)));
                            }
                            tenVerified.countDown();
                        }
                    });
            assertThat(tenVerified.await(60, TimeUnit.SECONDS)).as("the child verified 10 chunks within 60 s")
                    .isTrue();

            child.terminate();

            int exit = child.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).as("exit code after SIGTERM (0: the download finished before the signal came); "
                    + "stderr:%n%s", Files.readString(dir.resolve("child.err"))).isEqualTo(143);
            BitSet journaled = Journal.beside(out.resolve(FILE + ".part")).load().map(JournalState::verified)
                    .orElseGet(BitSet::new);
            synchronized (reported) {
                assertThat(journaled).as("chunks in the journal after SIGTERM; the child reported verified: %s",
                        reported).isEqualTo(reported);
            }
            assertThat(out.resolve(FILE)).as("no file at the destination: it was not complete").doesNotExist();
        }
    }
}
