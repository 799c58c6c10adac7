package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.cli.ClientMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4 MiB bench with real nginx mirrors and real peers (skipped where nginx is not installed). The reference
 * client runs through a launcher that starts this test's class path, as {@code ./drill} starts the build's.
 */
// Started among the first (the module runs its classes at once, longest first): about 12 s, which started last
// would end the module alone.
@Order(1)
class PeersBenchTest {
    @Test
    void timesEveryContenderAgainstRealNginxMirrorsAndWritesTheTableAndJson(@TempDir Path dir) throws Exception {
        assumeTrue(PeersBench.missingPrerequisite().isEmpty(), () -> "skipped: " + PeersBench.missingPrerequisite()
                .orElseThrow());
        Path launcher = launcher(dir.resolve("drill"), dir.resolve("drill.ran"));
        // Another build's launcher, timed beside it: here the same classes, with a mark that it was the one run.
        Path baseline = launcher(dir.resolve("baseline-drill"), dir.resolve("baseline.ran"));
        List<String> contenders = List.of("drill-https", "drill-https@baseline", "curl-https", "curl-https-sync",
                "openssl",
                "receive-floor", "jvm-receive-floor", "jvm-download-floor", "write-floor");
        Path json = dir.resolve("peers.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        PeersBench.Outcome outcome = PeersBench.run(new PeersBench.Settings(4 << 20, 256 << 10, 1, contenders,
                dir.resolve("work"), launcher, json, false, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Optional.of(baseline)), new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(outcome.failures()).as("failed runs; console:%n%s", printed).isEmpty();
        PeersReport report = outcome.report().orElseThrow();
        List<String> ran = report.rows().stream().map(PeersReport.Row::contender).toList();
        assertThat(ran).as("contenders that ran (the others skipped: %s)", outcome.skipped())
                .contains("drill-https").hasSize(contenders.size() - outcome.skipped()
                        .size());
        PeersReport.Row drill = report.row("drill-https").orElseThrow();
        assertThat(drill.cpuSeconds()).as("CPU of the client's JVM").isGreaterThan(0.1);
        assertThat(drill.peakRssMiB()).as("peak RSS of the client's JVM").isGreaterThan(20);
        assertThat(drill.firstRequestMillis()).as("first request seen in the nginx logs").isPresent();
        assertThat(report.row("drill-https@baseline")).as("the baseline build's row").isPresent();
        assertThat(drill.mirrorsCpuSeconds()).as("the mirrors' CPU while they served the client").isPresent();
        if (outcome.skipped().isEmpty()) {
            assertThat(report.floor()).as("the floor, with every part run").isPresent();
            assertThat(report.floor().orElseThrow().jvmClientCpuSeconds()).as("the floor for a JVM client")
                    .isPresent();
            assertThat(report.row("jvm-receive-floor").orElseThrow().firstRequestMillis())
                    .as("the JVM floor's first request, seen in the nginx logs").isPresent();
            assertThat(report.row("jvm-download-floor").orElseThrow().firstRequestMillis())
                    .as("the minimal JVM client's first request, seen in the nginx logs").isPresent();
            assertThat(printed).contains("| **floor** | the sum |").contains("floor here |")
                    .contains("| a minimal JVM client | measured end to end");
        }
        assertThat(dir.resolve("baseline.ran")).as("the baseline launcher ran").exists();
        assertThat(dir.resolve("drill.ran")).as("the launcher under test ran").exists();
        assertThat(printed).contains("| drill get, HTTPS | 1 |").contains("| peak RSS <= 150 MiB |")
                .contains("| drill get, HTTPS, baseline build | 1 |")
                .contains("load average");
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.get("sizeBytes").asLong()).isEqualTo(4 << 20);
        if (java.nio.file.Files.isReadable(io.outagedrill.harness.machine.CpuTimes.PROC_STAT)) {
            assertThat(written.get("stealShare").isNumber()).as("stealShare in the JSON: %s", written.get("stealShare"))
                    .isTrue();
            assertThat(printed).contains("CPU time stolen by the host over the rounds: ");
        }
        assertThat(written.get("samples")).hasSize(ran.size());
        assertThat(written.get("medians")).hasSize(ran.size());
    }

    @Test
    void everyOtherRoundRunsTheContendersInReverseSoThatNoneAlwaysGoesFirst() {
        List<String> given = List.of("drill-https", "drill-https@baseline", "aria2c-https", "write-floor");

        assertThat(PeersBench.roundOrder(given, 1)).as("round 1").containsExactlyElementsOf(given);
        assertThat(PeersBench.roundOrder(given, 2)).as("round 2")
                .containsExactly("write-floor", "aria2c-https", "drill-https@baseline", "drill-https");
        assertThat(PeersBench.roundOrder(given, 3)).as("round 3").containsExactlyElementsOf(given);
    }

    /** --dir is emptied first: given a folder of the user's (a mount point to measure), it must refuse, not wipe. */
    @Test
    void aFolderWithSomethingElseInItIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path precious = Files.writeString(dir.resolve("thesis.tex"), "years of work");

        PeersBench.Outcome outcome = PeersBench.run(new PeersBench.Settings(4 << 20, 1 << 20, 1, List.of("openssl"),
                dir, dir.resolve("drill"), dir.resolve("p.json"), false, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Optional.empty()), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        assertThat(precious).as("the user's file in --dir").hasContent("years of work");
        assertThat(outcome.notRun()).as("why the bench did not run").hasValueSatisfying(why -> assertThat(why)
                .startsWith("--dir " + dir + ": not empty, and not a folder this bench made"));
        assertThat(outcome.ok()).as("outcome ok").isFalse();
    }

    @Test
    void anEmptyFolderOrAnEarlierBenchsIsTakenAndAFileIsRefused(@TempDir Path dir) throws Exception {
        Path earlier = Files.createDirectories(dir.resolve("earlier"));
        Files.createFile(earlier.resolve(PeersBench.MARKER));
        Files.writeString(earlier.resolve("https.jws"), "left from the last bench");
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThat(PeersBench.folderRefusal(dir.resolve("new"))).as("a new folder").isEmpty();
        assertThat(PeersBench.folderRefusal(Files.createDirectories(dir.resolve("empty")))).as("an empty folder")
                .isEmpty();
        assertThat(PeersBench.folderRefusal(earlier)).as("an earlier bench's folder").isEmpty();
        assertThat(PeersBench.folderRefusal(file)).as("a file").hasValue("--dir " + file
                + ": not a folder; give a new or empty folder");
    }

    /** A chunk size the file or the manifest cannot take is refused before 64 MiB are generated and nginx starts. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "67108864|0|--chunk: expected a positive multiple of 8 bytes, was 0",
        "67108864|1000001|--chunk: expected a positive multiple of 8 bytes, was 1000001",
        "67108864|1024|--chunk: a file of 67108864 bytes in chunks of 1024 bytes needs 65536 chunk hashes, more than "
                + "the 15000 a signed manifest holds; use chunks of at least 4480 bytes"})
    void aChunkSizeTheManifestCannotTakeIsRefusedBeforeAnythingStarts(long size, long chunk, String message,
                                                                       @TempDir Path dir) {
        assertThatThrownBy(() -> new PeersBench.Settings(size, chunk, 1, List.of("openssl"), dir,
                dir.resolve("drill"), dir.resolve("p.json"), false, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theSmallestChunkSizeItSuggestsIsTaken(@TempDir Path dir) {
        long size = 67_108_864;
        long suggested = 4480;

        PeersBench.Settings settings = new PeersBench.Settings(size, suggested, 1, List.of("openssl"), dir,
                dir.resolve("drill"), dir.resolve("p.json"), false, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Optional.empty());

        assertThat((size - 1) / settings.chunkSize() + 1).as("chunk hashes at the suggested size")
                .isLessThanOrEqualTo(PeersBench.MAX_CHUNKS);
    }

    @Test
    void aBaselineContenderWithoutABaselineLauncherIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        assertThatThrownBy(() -> new PeersBench.Settings(4 << 20, 1 << 20, 1, List.of("drill-https@baseline"),
                dir, dir.resolve("drill"), dir.resolve("p.json"), false, java.time.Duration.ZERO,
                java.time.Duration.ZERO, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("contenders ending in @baseline need a baseline launcher (--baseline)");
    }

    @Test
    void eachDrillContenderGetsOneBaselineTwinWhateverTheCaseOfItsName() {
        assertThat(PeersBench.withBaselineTwins(List.of("DRILL-HTTPS", "curl-https", "drill-http@baseline",
                "drill-http", "openssl")))
                .containsExactly("drill-https", "drill-https@baseline", "curl-https", "drill-http@baseline",
                        "drill-http", "openssl");
        assertThatThrownBy(() -> PeersBench.withBaselineTwins(List.of("wget")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown contender 'wget'");
    }

    /** A launcher as {@code ./drill} is one, starting this test's class path, that touches {@code mark} first. */
    private static Path launcher(Path at, Path mark) throws IOException {
        Files.writeString(at, "#!/bin/sh\ntouch '%s'\nexec '%s' -cp '%s' %s \"$@\"\n".formatted(mark,
                Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"),
                ClientMain.class.getName()));
        Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
        return at;
    }

    @Test
    void aMissingProgramIsNamedWithItsPackage() {
        Tool absent = new Tool("no-such-program-here", "some-package");

        assertThat(absent.find()).isEmpty();
        assertThat(absent.installHint()).isEqualTo(
                "no-such-program-here is not installed; install it with: apt-get install -y some-package");
        assertThat(new Tool("sh", "dash").find()).isPresent();
    }
}
