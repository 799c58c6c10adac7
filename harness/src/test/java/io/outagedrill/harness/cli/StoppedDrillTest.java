package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code drill run} and {@code drill compare} stopped by a signal: the records already written are still listed
 * as a drill, noted as stopped, so {@code drill report --prune} can remove them later. The signal is sent by hand
 * through the commands' hook (a test cannot send its own JVM SIGTERM and live), when the drill prints a line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoppedDrillTest {
    private static final String SCENARIOS = Path.of("..", "scenarios").toString();

    @TempDir
    Path dir;

    /** What the sink was asked to record. */
    private record Recorded(String kind, List<RunResult> runs, String note) {
    }

    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final ReportSink sink = (kind, runs, results, note) -> {
        recorded.add(new Recorded(kind, List.copyOf(runs), note));
        return results.resolve("index.html");
    };

    @Test
    void aCompareStoppedAfterItsFirstRunListsTheRecordsItWrote() throws Exception {
        CompareCommand command = new CompareCommand(sink);
        SignalWhenPrinted out = signalWhenPrinted("running reference/parallel", p -> command.out = p,
                h -> command.signals = h);

        int exit = new CommandLine(command).execute("expired-manifest", "--policies", "sequential,parallel",
                "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(exit).as("exit code; printed:%n%s", out).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out.toString()).contains("stopped: interrupted");
        assertStoppedDrillListsEveryRecord("compare", out);
        assertThat(recorded.getFirst().runs()).as("the run that ended before the signal")
                .anyMatch(r -> r.policy().equals("sequential"));
    }

    /** The signal as the last run ends: not a drill that played to its end, and recorded once, as stopped. */
    @Test
    void aRunStoppedAsItsLastRecordIsWrittenIsRecordedOnceAsStopped() throws Exception {
        RunCommand command = new RunCommand(sink);
        SignalWhenPrinted out = signalWhenPrinted("record: ", p -> command.out = p, h -> command.signals = h);

        int exit = new CommandLine(command).execute("expired-manifest", "--clients", "1", "--scenarios", SCENARIOS,
                "--results", dir.toString());

        assertThat(exit).as("exit code; printed:%n%s", out).isEqualTo(ExitCodes.INTERRUPTED);
        assertStoppedDrillListsEveryRecord("run", out);
        assertThat(recorded.getFirst().runs()).hasSize(1);
    }

    /** A signal while the first scenario plays stops the drill there: it is not one scenario's failure to go past. */
    @Test
    void aRunStoppedWhileItsFirstScenarioPlaysStartsNoOther() throws Exception {
        RunCommand command = new RunCommand(sink);
        SignalWhenPrinted out = signalWhenPrinted("topology up", p -> command.out = p, h -> command.signals = h);

        int exit = new CommandLine(command).execute("expired-manifest", "tampered-manifest", "--clients", "1",
                "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(exit).as("exit code; printed:%n%s", out).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out.toString()).as("what drill run printed").contains("stopped: interrupted")
                .doesNotContain("tampered-manifest:").doesNotContain("could not play");
    }

    /** The command's output and shutdown hook, wired so that the "signal" comes once {@code marker} is printed. */
    private static SignalWhenPrinted signalWhenPrinted(String marker, java.util.function.Consumer<PrintStream> out,
                                                       java.util.function.Consumer<InterruptOnSignal.Hook> signals) {
        SignalWhenPrinted printed = new SignalWhenPrinted(marker);
        out.accept(new PrintStream(printed, true, StandardCharsets.UTF_8));
        signals.accept(printed::hook);
        return printed;
    }

    private void assertStoppedDrillListsEveryRecord(String kind, SignalWhenPrinted out) throws Exception {
        assertThat(recorded).as("drills recorded; printed:%n%s", out).hasSize(1);
        Recorded drill = recorded.getFirst();
        assertThat(drill.kind()).isEqualTo(kind);
        assertThat(drill.note()).startsWith("stopped by a signal after " + drill.runs().size() + " run(s)");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(drill.runs().stream().map(RunResult::resultFile).toList())
                    .as("the records the stopped drill lists: every one it wrote")
                    .containsExactlyInAnyOrderElementsOf(files.filter(f -> f.toString().endsWith(".json")).toList())
                    .isNotEmpty();
        }
    }

    /** The drill's output; sends the "signal" (runs the hook's stop) once {@code marker} has been printed. */
    private static final class SignalWhenPrinted extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String marker;
        private Runnable stop;
        private boolean sent;

        SignalWhenPrinted(String marker) {
            this.marker = marker;
        }

        /** Stands in for the JVM's shutdown hook: keeps the stop, and there is nothing to remove on close. */
        synchronized AutoCloseable hook(String name, Runnable stop, java.time.Duration limit) {
            this.stop = stop;
            return () -> { };
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            signalOnMarker();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            signalOnMarker();
        }

        private void signalOnMarker() {
            if (!sent && stop != null && toString().contains(marker)) {
                sent = true;
                stop.run();
            }
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
