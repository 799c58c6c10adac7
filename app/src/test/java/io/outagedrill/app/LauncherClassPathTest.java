package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path {@code ./drill} gives the JVM comes from the class-path files the build writes, also after the
 * launcher kept a copy of them as a shell assignment ({@code FILE.sh}, read in a few system calls instead of one per
 * byte). The launcher runs in a folder of its own with a stub JDK whose {@code java} writes its arguments down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherClassPathTest {
    @TempDir
    Path root;

    @Test
    void aClassPathFileTheBuildWroteAgainWinsOverTheKeptCopy() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve(".mvn"));
        Files.copy(repo.resolve("drill"), root.resolve("drill"));
        Files.copy(repo.resolve(".mvn/find-jdk.sh"), root.resolve(".mvn/find-jdk.sh"));
        Path jdk = Files.createDirectories(root.resolve("jdk-stub/bin"));
        Path argsFile = root.resolve("java-args.txt");
        for (String tool : List.of("java", "javac")) {
            Files.writeString(jdk.resolve(tool), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\n");
            assertThat(jdk.resolve(tool).toFile().setExecutable(true)).isTrue();
        }
        Files.writeString(jdk.resolveSibling("release"),
                "JAVA_VERSION=\"" + Runtime.version().feature() + ".0.1\"\nOS_ARCH=\"x86_64\"\nOS_NAME=\"Linux\"\n");
        touch(root.resolve("app/target/drill-1.jar"));
        Path picocli = touch(root.resolve("picocli-java21/target/picocli-java21-1.jar"));
        Path library = touch(root.resolve("lib/library-1.jar"));
        Files.writeString(touch(root.resolve("reference-client/target/client.classpath")), library + "\n");
        // A quote in a path, which the kept copy must quote.
        Path firstClient = touch(root.resolve("reference-client/target/reference-client-it's-1.jar"));
        Path classPathFile = root.resolve("app/target/drill.classpath");
        Files.writeString(classPathFile, firstClient + ":" + picocli + ":" + library + "\n");

        assertThat(classPathOfARun(jdk, argsFile)).as("the class path of the first run")
                .isEqualTo(firstClient + ":" + picocli + ":" + library);
        assertThat(root.resolve("app/target/drill.classpath.sh")).as("the copy kept by the first run").exists();
        assertThat(classPathOfARun(jdk, argsFile)).as("the class path of a run that reads the kept copy")
                .isEqualTo(firstClient + ":" + picocli + ":" + library);

        Path secondClient = touch(root.resolve("reference-client/target/reference-client-2.jar"));
        Files.writeString(classPathFile, secondClient + ":" + picocli + ":" + library + "\n");

        assertThat(classPathOfARun(jdk, argsFile)).as("the class path once the build wrote its file again")
                .isEqualTo(secondClient + ":" + picocli + ":" + library);
    }

    private String classPathOfARun(Path jdk, Path argsFile) throws IOException, InterruptedException {
        Files.deleteIfExists(argsFile);
        ProcessBuilder launch = new ProcessBuilder(root.resolve("drill").toString(), "cache", "list")
                .redirectErrorStream(true);
        launch.environment().put("JAVA_HOME", jdk.getParent().toString());
        launch.environment().remove("DRILL_JAVA_OPTS");
        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("the launcher's exit code; it printed: %s", output).isZero();
        List<String> args = Files.readAllLines(argsFile);
        return args.get(args.indexOf("-cp") + 1);
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.exists(file) ? file : Files.createFile(file);
    }
}
