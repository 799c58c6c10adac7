package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a child JVM whose locale writes numbers in other digits (Arabic, Egypt: "٥" for 5, "٫" for
 * the decimal point): what it prints is read by scripts and other tools, so its numbers are ASCII whatever the
 * user's locale.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DigitsInEveryLocaleTest {
    @TempDir
    Path dir;

    @Test
    void manifestCreatePrintsAsciiDigitsWhereTheLocaleHasOthers() throws Exception {
        byte[] file = new byte[5 * 64 * 1024 - 1000];
        new Random(3).nextBytes(file);
        Files.write(dir.resolve("movie.bin"), file);

        String printed = drill("manifest", "create", "--mirror", "https://cdn.example/movie.bin", "--chunk-size",
                "64KiB", "--version", "1", "-o", dir.resolve("movie.json").toString(), dir.resolve("movie.bin").toString());

        assertThat(printed).as("what manifest create printed in the ar-EG locale").contains("in 5 chunks of 64.0 KiB")
                .doesNotContainPattern("[\\u0660-\\u0669\\u066B]");
    }

    private String drill(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.language=ar", "-Duser.country=EG",
                "-cp", System.getProperty("java.class.path"), DrillCli.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(50, TimeUnit.SECONDS)).as("drill ended; printed:%n%s", printed).isTrue();
        assertThat(child.exitValue()).as("exit code; printed:%n%s", printed).isZero();
        return printed;
    }
}
