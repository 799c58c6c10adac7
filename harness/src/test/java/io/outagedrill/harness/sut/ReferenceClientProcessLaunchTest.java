package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code reference-cli} starts each download: as a user's {@code drill get} does, through the launcher that
 * started the harness, or else a JVM with the launcher's flags for {@code get}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceClientProcessLaunchTest {
    @TempDir
    Path dir;

    @Test
    void startsThroughTheDrillLauncherOfDrillHome() throws IOException {
        Path launcher = fakeLauncher(dir.resolve("home"), "exit 0");

        assertThat(ReferenceClientProcess.launch(launcher.getParent().toString()))
                .containsExactly(launcher.toAbsolutePath().toString(), "get");
    }

    @Test
    void withoutALauncherRunsAJvmWithTheLaunchersFlagsForGet() throws IOException {
        Path noLauncher = Files.createDirectories(dir.resolve("empty"));

        for (String home : new String[] {null, "", noLauncher.toString()}) {
            List<String> words = ReferenceClientProcess.launch(home);
            assertThat(words).as("DRILL_HOME=%s", home)
                    .contains("-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1",
                            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"))
                    .endsWith("io.outagedrill.client.cli.ClientMain", "get");
            assertThat(words.getFirst()).as("this JVM's java").endsWith("java");
        }
    }

    /**
     * A download the harness starts does not train the launcher's start-up cache (a dozen at once would each spend
     * seconds of CPU on it), nor build when a source changed during the run (a build per download, each into the
     * same target folders), and gets none of the flags the user gave the harness's own JVM.
     */
    @Test
    void theLauncherIsToldNotToTrainNorBuildAndGetsNoneOfTheHarnesssJvmFlags() throws Exception {
        Path seen = dir.resolve("seen.txt");
        Path launcher = fakeLauncher(dir.resolve("home"), """
                printf 'training=%s\nbuild=%s\njava-opts=[%s]\nargs=%s\n' "${DRILL_AOT_TRAINING:-unset}" \
                  "${DRILL_BUILD:-unset}" \
                  "${DRILL_JAVA_OPTS-unset}" "$*" > '""" + seen + """
                '
                exit 3""");
        ReferenceClientProcess client = new ReferenceClientProcess(Clock.systemUTC(), Map.of(),
                ReferenceClientProcess.launch(launcher.getParent().toString()));

        DownloadOutcome outcome = client.start(job(), o -> { }).await();

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(3);
        String lines = Files.readString(seen, StandardCharsets.UTF_8);
        assertThat(lines).as("what the launcher was given")
                .contains("training=off\n", "build=off\n", "java-opts=[]\n")
                .containsPattern("args=get https://manifests\\.test/clip\\.jws .*--json");
    }

    private static Path fakeLauncher(Path home, String body) throws IOException {
        Files.createDirectories(home);
        Path launcher = home.resolve("drill");
        Files.writeString(launcher, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    private DownloadJob job() {
        return new DownloadJob("client-1", List.of(URI.create("https://manifests.test/clip.jws")),
                dir.resolve("keys.jwks"), dir.resolve("ca.pem"), Map.of(), List.of(), List.of(), dir.resolve("out"),
                "clip.mp4", 1, "0".repeat(64), "adaptive", Map.of(), Duration.ofSeconds(30), null, false);
    }
}
