package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A downloader run as a child process, as {@code cmd:} templates are. */
class ProcessDownloadTest {
    @TempDir
    Path work;

    /**
     * The thread that reads a process's output blocks in a native read for as long as the process keeps its output
     * open. As a virtual thread it held its carrier all that time: three hung {@code cmd:} clients of a two-core
     * run held every carrier, the virtual threads awaiting them could not wake at their 90 s timeout to kill them,
     * and they ran on until the run's own time limit (with waits under about 30 s the scheduler still found them
     * a carrier, so only a test as long as that shows the stall itself; this one checks its cause).
     */
    @Test
    void theOutputOfAHungProcessIsReadOnAPlatformThreadSoItHoldsNoCarrier() throws Exception {
        Path hang = Files.writeString(work.resolve("hang.sh"), "#!/bin/sh\nsleep 60\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwx------"));
        SystemUnderTest.RunningDownload download = new CommandTemplate(hang + " {output}", Clock.systemUTC())
                .start(job("hung", Duration.ofSeconds(60)), o -> {
                });
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                    .as("platform threads (a virtual thread is never among them)")
                    .anySatisfy(thread -> assertThat(thread.getName()).isEqualTo("output-hung")));
        } finally {
            download.kill();
        }
        assertThat(download.await().exitCode()).as("killed, not ended on its own").isNotZero();
    }

    /**
     * README's own example, {@code cmd:./build/my-downloader ...}: the process runs in its download's folder, and the
     * relative program was looked for there ("Cannot run program "./build/my-downloader" (in directory
     * ".../clients-1-001")"), though the check before the run had found it from the harness's folder.
     */
    @Test
    void aRelativeProgramPathIsTakenFromTheHarnesssFolderNotTheDownloadsFolder() throws Exception {
        Path build = Files.createDirectories(Path.of("target", "process-download-test-" + System.nanoTime()));
        try {
            Path program = Files.writeString(build.resolve("my-downloader"), "#!/bin/sh\nprintf ok > \"$1\"\n");
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
            CommandTemplate client = new CommandTemplate("./" + program + " {output}", Clock.systemUTC());
            assertThat(client.unavailable()).as("found before the run").isEmpty();

            DownloadOutcome outcome = client.start(job("relative", Duration.ofSeconds(30)), o -> {
            }).await();

            assertThat(outcome.exitCode()).as("exit code; output: %s", outcome.output()).isZero();
            assertThat(work.resolve("relative").resolve("small.bin")).hasContent("ok");
        } finally {
            try (var files = Files.walk(build)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private DownloadJob job(String id, Duration timeout) {
        return new DownloadJob(id, List.of(), work.resolve("keys.jwks"), work.resolve("ca.pem"), Map.of(), List.of(),
                List.of(), work.resolve(id), "small.bin", 1024, "0".repeat(64), "default", Map.of(), timeout, null);
    }
}
