package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill run} stopped by SIGTERM (what Ctrl-C, {@code kill} and {@code timeout} send) in a child JVM: the
 * scenario's servers close and its temp folders (with the test CA and signing keys) are removed before the exit,
 * which is 143, and it says so.
 */
class RunStoppedBySignalTest {
    @Test
    void aStoppedRunLeavesNoTempFolderBehind(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), DrillCli.class.getName(),
                "run", "fastly-2021-06-08", "--scenarios", Path.of("..", "scenarios").toAbsolutePath().toString(),
                "--results", dir.resolve("results").toString());
        Process child = new ProcessBuilder(command).redirectError(dir.resolve("err.txt").toFile()).start();
        CountDownLatch playing = new CountDownLatch(1);
        StringBuilder printed = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (printed) {
                        printed.append(line).append('\n');
                    }
                    if (line.contains("topology up")) {
                        playing.countDown();
                    }
                }
            } catch (java.io.IOException ended) {
                // the child is gone
            }
        });
        child.onExit().thenRun(playing::countDown); // an early exit ends the wait too, and fails below
        try {
            assertThat(playing.await(60, TimeUnit.SECONDS) && child.isAlive())
                    .as("the scenario's world came up; printed:%n%s%nstderr:%n%s", printed,
                            Files.readString(dir.resolve("err.txt"))).isTrue();
            try (Stream<Path> during = Files.list(tmp)) {
                assertThat(during.map(p -> p.getFileName().toString())).as("temp folders while it plays")
                        .anyMatch(name -> name.startsWith("outage-drill-"));
            }

            // SIGTERM through the handle: Process.destroy() sends it too, but also closes this side of the child's
            // stdout, so what the child says while it stops would be lost here (though a terminal would show it).
            child.toHandle().destroy();

            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended within 60 s of SIGTERM").isTrue();
            reader.join(10_000);
            assertThat(child.exitValue()).as("exit code; stderr:%n%s", Files.readString(dir.resolve("err.txt")))
                    .isEqualTo(143);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("temp folders left after SIGTERM")
                        .noneMatch(name -> name.startsWith("outage-drill-"));
            }
            synchronized (printed) {
                assertThat(printed.toString()).as("what drill run printed; stderr:%n%s",
                                Files.readString(dir.resolve("err.txt")))
                        .contains("stopped: interrupted; the scenario's servers and temp files were removed");
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
