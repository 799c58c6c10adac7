package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    /**
     * {@code #!./venv/bin/python}: the kernel looks for a relative interpreter from the working folder of the process
     * it starts, the download's folder, but the check before the run looked for it from the harness's folder. One
     * there passed the check, and every download then failed with "No such file or directory" of the script itself.
     * Now the check before the run refuses it (the download's folder is made empty for each download), naming both
     * folders, and a download whose folder lacks it fails naming the path looked for; one whose folder has it runs.
     */
    @Test
    void aRelativeInterpreterIsLookedForFromTheDownloadsFolderAsTheKernelDoes() throws Exception {
        String interpreter = "target/interpreter-test-" + System.nanoTime() + "/sh";
        Path script = Files.writeString(work.resolve("dl.sh"), "#!" + interpreter + "\nprintf ok > \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path besideTheHarness = Path.of(interpreter);
        Files.createDirectories(besideTheHarness.getParent());
        try {
            Files.createSymbolicLink(besideTheHarness, Path.of("/bin/sh"));
            CommandTemplate client = new CommandTemplate(script + " {output}", Clock.systemUTC());
            Path here = Path.of("").toAbsolutePath();

            assertThat(client.unavailable()).as("refused before the run, though %s is there", besideTheHarness)
                    .contains(("%s names the relative interpreter %s on its #! line; the kernel looks for it from the "
                            + "folder the program runs in, its download's folder ({dir}), made empty for each "
                            + "download, not from %s, where drill runs; name it by its absolute path (#!%s) or "
                            + "through env (#!/usr/bin/env sh)").formatted(script, interpreter, here,
                            here.resolve(interpreter)));
            DownloadJob without = job("without", Duration.ofSeconds(30));
            assertThatThrownBy(() -> client.start(without, o -> {
            })).as("a download whose folder lacks it").hasMessage(("%s names the relative interpreter %s on its #! "
                    + "line, looked for as %s (from %s, the folder the program runs in), which is not there")
                    .formatted(script, interpreter, without.outputDir().resolve(interpreter), without.outputDir()));

            DownloadJob with = job("with", Duration.ofSeconds(30));
            Path inTheDownloadsFolder = with.outputDir().resolve(interpreter);
            Files.createDirectories(inTheDownloadsFolder.getParent());
            Files.createSymbolicLink(inTheDownloadsFolder, Path.of("/bin/sh"));
            DownloadOutcome outcome = client.start(with, o -> {
            }).await();
            assertThat(outcome.exitCode()).as("exit code with %s there; output: %s", inTheDownloadsFolder,
                    outcome.output()).isZero();
            assertThat(with.destination()).hasContent("ok");
        } finally {
            Files.deleteIfExists(besideTheHarness);
            Files.deleteIfExists(besideTheHarness.getParent());
        }
    }

    /**
     * {@code sh -c 'sleep 600 & exec true'}: the downloader exits, and what it started in the background is no
     * longer its descendant (init took it), so it ran on after the download, holding the output the harness reads
     * (the wait for it cost every such download 5 s) and whatever else it held, into the next scenario.
     */
    @Test
    void aProcessLeftRunningByADownloaderThatExitedIsEndedAndNamed() throws Exception {
        Path pid = work.resolve("background.pid");
        Path script = script("detach.sh", "sleep 600 &\necho $! > " + pid + "\nexit 0\n");

        DownloadOutcome outcome = download(script, "detach", Duration.ofSeconds(30));

        assertEnded(pid, outcome, "exited 0");
        assertThat(outcome.exitCode()).as("the downloader's own exit code, unchanged; output: %s", outcome.output())
                .isZero();
    }

    /**
     * A downloader that fails and leaves a process writing to its output file: the file the harness hashes (and
     * the folder it deletes) must be nobody's once the download is over.
     */
    @Test
    void aProcessHoldingTheOutputFileOfAFailedDownloadIsEnded() throws Exception {
        Path pid = work.resolve("holder.pid");
        Path script = script("holder.sh", "printf partial > \"$1\"\nsleep 600 >> \"$1\" 2>/dev/null </dev/null &\n"
                + "echo $! > " + pid + "\nexit 3\n");

        DownloadOutcome outcome = download(script, "holder", Duration.ofSeconds(30));

        assertEnded(pid, outcome, "exited 3");
        assertThat(outcome.exitCode()).as("the downloader's own exit code, unchanged").isEqualTo(3);
    }

    /**
     * At the timeout the harness kills the downloader and its descendants; a process it had already detached (a
     * subshell's background job, whose parent is gone) is not among them and must be found all the same.
     */
    @Test
    void aDetachedProcessOfADownloaderKilledAtItsTimeoutIsEnded() throws Exception {
        Path pid = work.resolve("daemon.pid");
        Path script = script("daemon.sh", "(sleep 600 & echo $! > " + pid + ")\nexec sleep 60\n");

        DownloadOutcome outcome = download(script, "daemon", Duration.ofSeconds(2));

        assertThat(outcome.timedOut()).as("killed at its timeout").isTrue();
        assertEnded(pid, outcome, "was killed at its timeout");
    }

    /** A downloader that leaves nothing behind has nothing said about it. */
    @Test
    void aDownloaderThatLeavesNothingRunningHasNoLeftovers() throws Exception {
        Path script = script("clean.sh", "printf ok > \"$1\"\n");

        DownloadOutcome outcome = download(script, "clean", Duration.ofSeconds(30));

        assertThat(outcome.leftovers()).as("processes ended after the download").isEmpty();
    }

    /** The process whose pid {@code pidFile} holds has ended, and the outcome names it as a leftover. */
    private static void assertEnded(Path pidFile, DownloadOutcome outcome, String how) throws Exception {
        long background = Long.parseLong(Files.readString(pidFile).strip());
        try {
            // Ended by the time the outcome is handed in (a zombie, perhaps, until its new parent reaps it).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(alive(background))
                    .as("process %d (sleep 600) left by a downloader that %s, after the download ended", background,
                            how).isFalse());
            // Named by its command line: "sleep 600", or the script's own when it was ended between the fork of
            // the background job and its exec of sleep (the script may exit first, and the harness is quick).
            assertThat(outcome.leftovers()).as("the processes the harness had to end").singleElement()
                    .asString().containsAnyOf("sleep 600", ".sh ");
        } finally {
            ProcessHandle.of(background).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Running: a zombie is not (it holds nothing, and waits only for its parent to reap it; where PID 1 is not an init
     * that reaps promptly, an orphan stays one for longer than the wait above, and Java counts it alive).
     */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')'); // "PID (COMMAND) STATE ...": the state follows the last ')'
            return !(close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z');
        } catch (java.io.IOException gone) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /** Runs {@code script OUTPUT} as a {@code cmd:} downloader of job {@code id} and waits for its outcome. */
    private DownloadOutcome download(Path script, String id, Duration timeout) throws Exception {
        return new CommandTemplate(script + " {output}", Clock.systemUTC()).start(job(id, timeout), o -> {
        }).await();
    }

    /**
     * A downloader that prints a file by mistake, or anything without a line break: the whole of it was one line,
     * held in the heap and written into the run record (400 MB of output made a 2.4 GB record). Each line is now
     * cut, saying how much was left out, and an event line after it is still read.
     */
    @Test
    void anEndlessLineIsCutAndTheLinesAfterItAreStillRead() throws Exception {
        Path flood = script("flood.sh", "head -c 1000000 /dev/zero | tr '\\0' x\nprintf '\\r\\nlast line\\n'\n");
        DownloadOutcome outcome = new CommandTemplate(flood + " {output}", Clock.systemUTC())
                .start(job("flood", Duration.ofSeconds(30)), o -> {
                }).await();

        assertThat(outcome.output()).as("what was kept of the output")
                .isEqualTo("x".repeat(ProcessDownload.MAX_LINE) + " [%d more characters of this line left out]"
                        .formatted(1_000_000 - ProcessDownload.MAX_LINE) + "\nlast line");
    }

    /**
     * A program still open for writing when it is started fails with "Text file busy" (a process forked elsewhere in
     * the JVM inherits a script's open file until it execs, so a script just written can meet this): the start is
     * tried again a few times, and when the program stays busy the failure says so, naming it.
     */
    @Test
    void aProgramHeldOpenForWritingIsTriedAgainThenNamed() throws Exception {
        Path busy = script("busy.sh", "printf ok > \"$1\"\n");
        try (var writer = java.nio.channels.FileChannel.open(busy, java.nio.file.StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> download(busy, "busy", Duration.ofSeconds(30)))
                    .as("starting a program held open for writing throughout")
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessage("%s is open for writing (Text file busy), still after %d tries over 150 ms", busy,
                            ProcessTree.BUSY_TRIES);
        }

        assertThat(download(busy, "busy-closed", Duration.ofSeconds(30)).exitCode())
                .as("the same program once closed").isZero();
    }

    /**
     * A downloader's escape sequences reached the terminal raw: {@code drill run} quotes its last line in a failed
     * verdict ("said: ..."), and a screen-clearing {@code ESC [2J} there cleared the user's screen. A line break
     * inside an event's mirror name printed a line of its own in the live progress, in the harness's format. Both
     * are kept as visible text (ESC written as its code point), the event still read.
     */
    @Test
    void controlCharactersInTheOutputAndInEventLinesAreWrittenOut() throws Exception {
        Path noisy = script("noisy.sh", """
                cat <<'EVENT'
                {"event":"attempt-started","mirror":"evil\\u001b[2J\\n  [  1.00 s] fault off","chunk":0,"length":9}
                EVENT
                printf 'fatal: \\033[2J\\033]0;title\\007 done\\n' >&2
                exit 3
                """);
        List<Observation> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        DownloadOutcome outcome = new CommandTemplate(noisy + " {output}", Clock.systemUTC())
                .start(job("noisy", Duration.ofSeconds(30)), seen::add).await();

        assertThat(outcome.output()).as("what was kept of the output")
                .endsWith("fatal: \\u001B[2J\\u001B]0;title\\u0007 done")
                .doesNotContain("\u001b", "\u0007");
        assertThat(outcome.observations()).as("the event line, read").singleElement()
                .extracting(Observation::mirror).isEqualTo("evil\\u001B[2J\\u000A  [  1.00 s] fault off");
        assertThat(seen).as("what the run's listeners heard").singleElement()
                .extracting(Observation::mirror).isEqualTo("evil\\u001B[2J\\u000A  [  1.00 s] fault off");
    }

    /**
     * A downloader that leaves, at its destination, a symbolic link to a file outside its folder: the harness
     * followed it and hashed that file, so a link to a copy with the right bytes (a cache, a file of the user's)
     * passed as a verified download though nothing was fetched. The destination must be the file itself.
     */
    @Test
    void aSymbolicLinkAtTheDestinationIsNotTheFileEvenToTheRightBytes() throws Exception {
        byte[] bytes = "the signed file".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path elsewhere = Files.write(work.resolve("elsewhere.bin"), bytes);
        Path link = script("link.sh", "ln -s " + elsewhere + " \"$1\"\nexit 0\n");
        DownloadJob job = new DownloadJob("link", List.of(), work.resolve("keys.jwks"), work.resolve("ca.pem"),
                Map.of(), List.of(), List.of(), work.resolve("link"), "small.bin", bytes.length,
                io.outagedrill.client.Sha256.of(bytes), "default", Map.of(), Duration.ofSeconds(30), null, false);

        DownloadOutcome outcome = new CommandTemplate(link + " {output}", Clock.systemUTC()).start(job, o -> {
        }).await();

        assertThat(Files.isSymbolicLink(job.destination())).as("the downloader's link is there").isTrue();
        assertThat(outcome.succeeded()).as("a link to the right bytes, taken for a download: %s", outcome).isFalse();
        assertThat(outcome.file()).as("a file at the destination, as the run reports it").isEmpty();
        assertThat(elsewhere).as("the file the link points to, left as it was").hasBinaryContent(bytes);
    }

    /**
     * A downloader that prints event lines in a loop: each was held as an observation and went into the run
     * record, which grew for as long as it ran (and each was a copy of the whole list so far). The first
     * {@link ProcessDownload#MAX_OBSERVATIONS} are read, the rest counted and named in the output.
     */
    @Test
    void eventLinesBeyondTheBoundAreCountedNotKept() throws Exception {
        int printed = ProcessDownload.MAX_OBSERVATIONS + 500;
        Path loop = script("loop.sh", "yes '{\"event\":\"mirror-failed\",\"mirror\":\"a.test\",\"kind\":\"HTTP\"}' "
                + "| head -n " + printed + "\nexit 1\n");
        java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
        DownloadOutcome outcome = new CommandTemplate(loop + " {output}", Clock.systemUTC())
                .start(job("loop", Duration.ofSeconds(60)), o -> heard.incrementAndGet()).await();

        assertThat(outcome.observations()).as("event lines read of %d printed", printed)
                .hasSize(ProcessDownload.MAX_OBSERVATIONS);
        assertThat(heard).as("events the run's listeners heard").hasValue(ProcessDownload.MAX_OBSERVATIONS);
        assertThat(outcome.output()).as("the output's last line").endsWith(
                "\n[500 more event lines after the first %d of this download not read]"
                        .formatted(ProcessDownload.MAX_OBSERVATIONS));
    }

    /**
     * A downloader that asks a question on its terminal ("overwrite? [y/N]") waited on a standard input the harness
     * neither wrote to nor closed, until its timeout: the run said it was stopped there, not why. It reads an end
     * of input at once and ends with its own words.
     */
    @Test
    void aDownloaderThatReadsItsInputGetsAnEndAtOnceNotAWaitUntilItsTimeout() throws Exception {
        Path asks = script("asks.sh", "printf 'overwrite? [y/N] '\nif read answer; then echo \"answered $answer\"; "
                + "else echo 'no answer: not overwriting'; fi\nexit 4\n");
        DownloadOutcome outcome = download(asks, "asks", Duration.ofSeconds(8));

        assertThat(outcome.timedOut()).as("stopped at its 8 s timeout, after %s; output: %s", outcome.elapsed(),
                outcome.output()).isFalse();
        assertThat(outcome.exitCode()).as("its own exit code").isEqualTo(4);
        assertThat(outcome.output()).as("its output").isEqualTo("overwrite? [y/N] no answer: not overwriting");
    }

    private Path script(String name, String body) throws Exception {
        Path script = Files.writeString(work.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private DownloadJob job(String id, Duration timeout) {
        return new DownloadJob(id, List.of(), work.resolve("keys.jwks"), work.resolve("ca.pem"), Map.of(), List.of(),
                List.of(), work.resolve(id), "small.bin", 1024, "0".repeat(64), "default", Map.of(), timeout, null, false);
    }
}
