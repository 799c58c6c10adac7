package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./drill} decides before the JVM starts, from what it kept of earlier runs to start sooner: the class
 * path comes from the class-path files the build writes, also after the launcher kept a copy of them as a shell
 * assignment ({@code FILE.sh}, read in a few system calls instead of one per byte); a changed source of the client
 * makes it build again; the JDK found by an earlier run is used again only while it is still the one to find. The
 * launcher runs in a folder of its own with stub JDKs whose {@code java} writes its arguments down, and a stub
 * {@code mvnw} that writes down that it was asked to build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherStartTest {
    @TempDir
    Path base;

    /** Every test's project folder has spaces in its path, as "~/My Projects/outage-drill" has. */
    private Path root;

    private Path jdk;
    private Path argsFile;
    private Path buildMarker;

    @BeforeEach
    void aProjectFolderWithStubs() throws IOException {
        root = Files.createDirectories(base.resolve("my projects/outage drill"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve(".mvn"));
        Files.copy(repo.resolve("drill"), root.resolve("drill"));
        Files.copy(repo.resolve(".mvn/find-jdk.sh"), root.resolve(".mvn/find-jdk.sh"));
        Files.copy(repo.resolve(".mvn/drill-kept.sh"), root.resolve(".mvn/drill-kept.sh"));
        argsFile = root.resolve("java-args.txt");
        jdk = stubJdk("jdk-stub", argsFile);
        buildMarker = root.resolve("built.txt");
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\necho built >> '" + buildMarker + "'\n");
        assertThat(root.resolve("mvnw").toFile().setExecutable(true)).isTrue();
        touch(root.resolve("app/target/drill-1.jar"));
        Path client = touch(root.resolve("reference-client/target/reference-client-1.jar"));
        Path picocli = touch(root.resolve("picocli-java21/target/picocli-java21-1.jar"));
        Files.writeString(touch(root.resolve("reference-client/target/client.classpath")), "\n");
        Files.writeString(root.resolve("app/target/drill.classpath"), client + ":" + picocli + "\n");
    }

    @Test
    void aClassPathFileTheBuildWroteAgainWinsOverTheKeptCopy() throws Exception {
        Path picocli = touch(root.resolve("picocli-java21/target/picocli-java21-1.jar"));
        Path library = touch(root.resolve("lib/library-1.jar"));
        Files.writeString(touch(root.resolve("reference-client/target/client.classpath")), library + "\n");
        // A quote in a path, which the kept copy must quote.
        Path firstClient = touch(root.resolve("reference-client/target/reference-client-it's-1.jar"));
        Path classPathFile = root.resolve("app/target/drill.classpath");
        Files.writeString(classPathFile, firstClient + ":" + picocli + ":" + library + "\n");

        assertThat(classPathOfARun(jdk, argsFile)).as("the class path of the first run")
                .isEqualTo(firstClient + ":" + picocli + ":" + library);
        Path copy = root.resolve("app/target/drill.classpath.sh");
        assertThat(copy).as("the copy kept by the first run").exists();
        assertThat(classPathOfARun(jdk, argsFile)).as("the class path of a run that reads the kept copy")
                .isEqualTo(firstClient + ":" + picocli + ":" + library);
        // That a copy is what the launcher reads: changed, and still newer than its file, it wins.
        Path clientCopy = root.resolve("reference-client/target/client.classpath.sh");
        Files.writeString(clientCopy,
                Files.readString(clientCopy).replace(library.toString(), library + "-in-the-copy"));
        assertThat(classPathOfARun(jdk, argsFile)).as("the class path read from a newer copy")
                .isEqualTo(firstClient + ":" + picocli + ":" + library + "-in-the-copy");

        Path secondClient = touch(root.resolve("reference-client/target/reference-client-2.jar"));
        Files.writeString(classPathFile, secondClient + ":" + picocli + ":" + library + "\n");
        Files.writeString(root.resolve("reference-client/target/client.classpath"), library + "\n");

        assertThat(classPathOfARun(jdk, argsFile)).as("the class path once the build wrote its files again")
                .isEqualTo(secondClient + ":" + picocli + ":" + library);
    }

    /**
     * A link to the launcher put on the user's PATH ({@code ~/bin/drill}) looked for the project beside the link,
     * and stopped at once: "cannot open ~/bin/.mvn/find-jdk.sh". It now follows the link, absolute or relative, to
     * the project, which is also the folder the commands {@code topology up} prints name.
     */
    @Test
    void aLinkToTheLauncherRunsTheProjectItLeadsTo() throws Exception {
        Path bin = Files.createDirectories(base.resolve("my bin"));
        Path absolute = Files.createSymbolicLink(bin.resolve("drill"), root.resolve("drill"));
        Path relative = Files.createSymbolicLink(bin.resolve("drill-relative"), bin.relativize(root.resolve("drill")));
        Path linkToLink = Files.createSymbolicLink(bin.resolve("drill-again"), Path.of("drill-relative"));
        for (Path link : List.of(absolute, relative, linkToLink)) {
            Files.deleteIfExists(argsFile);
            Launch launched = run(List.of(link.toString(), "cache", "list"), jdk, Map.of());
            assertThat(launched.exitCode()).as("exit code through %s; it printed: %s", link, launched.output())
                    .isZero();
            assertThat(argsFile).as("the arguments the project's JVM got through %s", link).exists();
            assertThat(Files.readAllLines(argsFile)).as("through %s", link).endsWith("cache", "list");
        }
    }

    @Test
    void eachFlagIsOneArgumentWhateverSpacesThePathsHold() throws Exception {
        Path client = root.resolve("reference-client/target/reference-client-1.jar");
        touch(root.resolve("reference-client/target/reference-client-1-conscrypt-classes.jar"));
        Path natives = Files.createDirectories(
                root.resolve("reference-client/target/conscrypt-native/META-INF/native"));

        launch(jdk, "get", "manifest.jws");
        List<String> args = Files.readAllLines(argsFile);

        assertThat(args).as("the JVM's arguments for a first get, one per line")
                .contains("-Djava.library.path=" + natives)
                .anyMatch(arg -> arg.startsWith("-XX:AOTConfiguration=" + root.resolve("app/target/drill-client-")))
                .contains(client + ":" + root.resolve("picocli-java21/target/picocli-java21-1.jar") + ":"
                        + root.resolve("reference-client/target/reference-client-1-conscrypt-classes.jar"))
                .endsWith("io.outagedrill.client.cli.ClientMain", "get", "manifest.jws");

        launch(jdk, Map.of("DRILL_JAVA_OPTS", "-Dfirst=1  -Dsecond=2"), "cache", "list");
        assertThat(Files.readAllLines(argsFile)).as("DRILL_JAVA_OPTS split at its spaces")
                .contains("-Dfirst=1", "-Dsecond=2").doesNotContain("");
    }

    @Test
    void aClassPathFileWrittenWhileItWasReadIsNotKept() throws Exception {
        Path classPathFile = root.resolve("app/target/drill.classpath");
        String line = Files.readString(classPathFile).strip();
        // A time after the launcher's start stands for a build writing the file during the launcher's read.
        assertThat(classPathFile.toFile().setLastModified(System.currentTimeMillis() + 60_000)).isTrue();

        assertThat(classPathOfARun(jdk, argsFile)).as("the class path, read from the file itself").isEqualTo(line);
        assertThat(root.resolve("app/target/drill.classpath.sh")).as("a copy of a file that may have been half written")
                .doesNotExist();
    }

    @Test
    void aChangedSourceOfTheClientMakesItsCommandsBuildAgainAndNothingElseDoes() throws Exception {
        Path source = touch(root.resolve("reference-client/src/main/java/io/outagedrill/client/cli/Some.java"));
        Path resource = touch(root.resolve("reference-client/src/main/resources/.well-known/some.json"));
        Path pom = touch(root.resolve("reference-client/pom.xml"));
        Path otherModule = touch(root.resolve("harness/src/main/java/io/outagedrill/harness/Other.java"));
        Path classPathFile = root.resolve("app/target/drill.classpath");
        olderThan(classPathFile, source, resource, pom, otherModule);

        launch(jdk, "cache", "list");
        assertThat(buildMarker).as("a build with no source newer than the build's class-path file").doesNotExist();

        newer(otherModule);
        launch(jdk, "cache", "list");
        assertThat(buildMarker).as("a build of the client's command for another module's source").doesNotExist();

        for (Path changed : List.of(source, resource, pom)) {
            newer(changed);
            String output = launch(jdk, "cache", "list");
            assertThat(buildMarker).as("a build after %s changed; the launcher printed: %s", changed, output)
                    .exists();
            assertThat(output).contains("sources changed");
            Files.delete(buildMarker);
            olderThan(classPathFile, changed);
        }
    }

    /**
     * {@code DRILL_BUILD=off}, as the harness starts each {@code drill get} of a run: a source changed during the run
     * starts no build per download; it builds once the variable is gone. The first run builds all the same.
     */
    @Test
    void withBuildsOffAChangedSourceStartsNoBuildButAFirstRunStillDoes() throws Exception {
        Path source = touch(root.resolve("reference-client/src/main/java/io/outagedrill/client/cli/Some.java"));
        newer(source);

        String output = launch(jdk, Map.of("DRILL_BUILD", "off"), "cache", "list");
        assertThat(buildMarker).as("no build with DRILL_BUILD=off; the launcher printed: %s", output).doesNotExist();

        launch(jdk, "cache", "list");
        assertThat(buildMarker).as("a build once DRILL_BUILD is not off").exists();

        Files.delete(buildMarker);
        Files.delete(root.resolve("app/target/drill.classpath"));
        launchAllowingFailure(jdk, Map.of("DRILL_BUILD", "off"), "cache", "list");
        assertThat(buildMarker).as("a first run (no class-path file) builds whatever DRILL_BUILD says").exists();
    }

    /** A source deleted, or renamed in with mv (which keeps its old time), shows only as its folder's new time. */
    @Test
    void aDeletedSourceMakesTheCommandsBuildAgain() throws Exception {
        Path kept = touch(root.resolve("harness/src/main/java/io/outagedrill/harness/Kept.java"));
        Path gone = touch(root.resolve("harness/src/main/java/io/outagedrill/harness/Gone.java"));
        Path classPathFile = root.resolve("app/target/drill.classpath");
        olderThan(classPathFile, kept, gone);
        launch(jdk, "list");
        assertThat(buildMarker).as("a build with no source newer than the build's class-path file").doesNotExist();

        Files.delete(gone);
        String output = launch(jdk, "list");

        assertThat(buildMarker).as("a build after a source was deleted; the launcher printed: %s", output).exists();
        assertThat(output).contains("sources changed");
    }

    @Test
    void theJdkFoundBeforeIsUsedOnlyWhileItIsStillTheOneToFind() throws Exception {
        launch(jdk, "cache", "list");
        assertThat(argsFile).as("the stub JDK named by JAVA_HOME ran").exists();
        assertThat(root.resolve("app/target/drill-jdk.sh")).as("the JDK kept for the next run").exists();

        Path otherArgs = root.resolve("other-java-args.txt");
        Path other = stubJdk("other-jdk-stub", otherArgs, 21);
        launch(other, "cache", "list");
        assertThat(otherArgs).as("another JAVA_HOME's java ran, not the kept JDK's").exists();

        // JAVA_HOME through a symbolic link (sdkman's "current"), pointed from a JDK 25 to a JDK 21 after a run:
        // the launcher must not give the 21 the flags of a 25 (its AOT cache flags stop a JDK 21).
        Path current = root.resolve("current");
        Files.createSymbolicLink(current, jdk.getParent());
        launch(current.resolve("bin"), "get", "manifest.jws");
        assertThat(Files.readAllLines(argsFile)).as("the JDK 25's flags for get").contains("-XX:AOTMode=record");
        Files.delete(otherArgs);
        Files.delete(current);
        Files.createSymbolicLink(current, other.getParent());
        launch(current.resolve("bin"), "get", "manifest.jws");
        assertThat(Files.readAllLines(otherArgs)).as("the flags given to the JDK 21 JAVA_HOME's link points to now")
                .noneMatch(flag -> flag.startsWith("-XX:AOT"))
                .anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit="));

        launch(jdk, "cache", "list");
        Files.delete(argsFile);
        // Updated in place to a JDK too old for the project: the kept answer no longer holds.
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
        jdk.getParent().resolve("release").toFile().setLastModified(System.currentTimeMillis() + 60_000);
        launchAllowingFailure(jdk, "cache", "list");
        assertThat(argsFile).as("a JDK whose release file changed to 17 was run from the kept answer").doesNotExist();
    }

    @Test
    void aJdkUnpackedOverTheKeptOneIsLookedAtAgainWhateverItsFileDates() throws Exception {
        launch(jdk, "get", "manifest.jws");
        assertThat(Files.readAllLines(argsFile)).as("the JDK 25's flags for get").contains("-XX:AOTMode=record");

        // A JDK 21 unpacked at the same path keeps its archive's dates: its release file is older than the copy.
        Path release = jdk.getParent().resolve("release");
        Files.writeString(release, "JAVA_VERSION=\"21.0.5\"\nOS_ARCH=\"x86_64\"\nOS_NAME=\"Linux\"\n");
        assertThat(release.toFile().setLastModified(1_700_000_000_000L)).isTrue();
        launch(jdk, "get", "manifest.jws");

        assertThat(Files.readAllLines(argsFile)).as("the flags given to the JDK 21 now at that path")
                .noneMatch(flag -> flag.startsWith("-XX:AOT"))
                .anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit="));
    }

    /**
     * Every command's JVM exits without waiting for threads inside a native call (the JDK's poller, once a virtual
     * thread used a socket, would cost each exit 300 ms), on the JDKs that have the flag; a JDK 21 would refuse it.
     */
    @Test
    void theJvmDoesNotWaitAtExitForNativeCallsWhereTheJdkHasTheFlag() throws Exception {
        for (List<String> command : List.of(List.of("get", "manifest.jws"), List.of("run", "some-scenario"))) {
            launch(jdk, command.toArray(String[]::new));
            assertThat(Files.readAllLines(argsFile)).as("the JDK 25's flags for %s", command)
                    .contains("-XX:UserThreadWaitAttemptsAtExit=0");
        }
        Path args22 = root.resolve("java-22-args.txt");
        launch(stubJdk("jdk-22-stub", args22, 22), "get", "manifest.jws");
        assertThat(Files.readAllLines(args22)).as("a JDK 22's flags for get, the first with the flag")
                .contains("-XX:UserThreadWaitAttemptsAtExit=0");
        Path args21 = root.resolve("java-21-args.txt");
        launch(stubJdk("jdk-21-stub", args21, 21), "get", "manifest.jws");
        assertThat(Files.readAllLines(args21)).as("a JDK 21's flags for get")
                .noneMatch(flag -> flag.startsWith("-XX:UserThreadWaitAttemptsAtExit"));
    }

    @Test
    void aTargetFolderThatCannotBeWrittenToKeepsNothingAndStopsNothing() throws Exception {
        Path target = root.resolve("app/target");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        // root writes anywhere, except into a folder marked immutable (where the file system allows it)
        if (asRoot) {
            assumeTrue(new ProcessBuilder("chattr", "+i", target.toString()).start().waitFor() == 0,
                    "chattr +i is not available here");
        } else {
            assertThat(target.toFile().setWritable(false)).isTrue();
        }
        try {
            String output = launch(jdk, "cache", "list");

            assertThat(output).as("what the launcher printed").isEmpty();
            assertThat(argsFile).as("java ran").exists();
            try (var kept = Files.list(target)) {
                assertThat(kept.map(p -> p.getFileName().toString())).as("files in the target folder")
                        .containsExactlyInAnyOrder("drill-1.jar", "drill.classpath");
            }
        } finally {
            if (asRoot) {
                new ProcessBuilder("chattr", "-i", target.toString()).start().waitFor();
            } else {
                target.toFile().setWritable(true);
            }
        }
    }

    @Test
    void withoutJavaHomeTheJdkFoundIsUsedOnlyWhileTheJavaOnPathIsTheSame() throws Exception {
        Path otherArgs = root.resolve("other-java-args.txt");
        Path other = stubJdk("other-jdk-stub", otherArgs);
        Path onPath = Files.createDirectories(root.resolve("path-bin"));
        Files.createSymbolicLink(onPath.resolve("java"), jdk.resolve("java"));
        String path = onPath + ":/usr/bin:/bin";

        launchWithoutJavaHome(path);
        assertThat(argsFile).as("the java on PATH ran").exists();
        launchWithoutJavaHome(path);

        Files.delete(onPath.resolve("java"));
        Files.createSymbolicLink(onPath.resolve("java"), other.resolve("java"));
        launchWithoutJavaHome(path);
        assertThat(otherArgs).as("the java PATH's link points to now ran, not the one found before").exists();
    }

    @Test
    void aJavaHomeTooOldThenPointedAtANewJdkIsTakenAgain() throws Exception {
        Path oldArgs = root.resolve("old-java-args.txt");
        Path old = stubJdk("old-jdk-stub", oldArgs, 17);
        Path otherArgs = root.resolve("other-java-args.txt");
        Path other = stubJdk("other-jdk-stub", otherArgs, 25);
        Path javaHome = root.resolve("java-home");
        Files.createSymbolicLink(javaHome, old.getParent());
        Path onPath = Files.createDirectories(root.resolve("path-bin"));
        Files.createSymbolicLink(onPath.resolve("java"), jdk.resolve("java"));
        String path = onPath + ":/usr/bin:/bin";

        launchWith(javaHome, path);
        assertThat(argsFile).as("the java on PATH ran, JAVA_HOME's being a JDK 17").exists();
        assertThat(oldArgs).as("the JDK 17 ran").doesNotExist();

        Files.delete(javaHome);
        Files.createSymbolicLink(javaHome, other.getParent());
        launchWith(javaHome, path);
        assertThat(otherArgs).as("JAVA_HOME's java ran once it led to a JDK 25, not the one found on PATH before")
                .exists();
    }

    private void launchWith(Path javaHome, String path) throws IOException, InterruptedException {
        ProcessBuilder launch = new ProcessBuilder(root.resolve("drill").toString(), "cache", "list")
                .redirectErrorStream(true);
        launch.environment().put("JAVA_HOME", javaHome.toString());
        launch.environment().remove("DRILL_JAVA_OPTS");
        launch.environment().put("PATH", path);
        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("the launcher's exit code; it printed: %s", output).isZero();
    }

    private void launchWithoutJavaHome(String path) throws IOException, InterruptedException {
        ProcessBuilder launch = new ProcessBuilder(root.resolve("drill").toString(), "cache", "list")
                .redirectErrorStream(true);
        launch.environment().remove("JAVA_HOME");
        launch.environment().remove("DRILL_JAVA_OPTS");
        launch.environment().put("PATH", path);
        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("the launcher's exit code; it printed: %s", output).isZero();
    }

    private static void newer(Path file) {
        assertThat(file.toFile().setLastModified(System.currentTimeMillis() + 60_000)).isTrue();
    }

    private Path stubJdk(String name, Path writesArgsTo) throws IOException {
        return stubJdk(name, writesArgsTo, 25);
    }

    private Path stubJdk(String name, Path writesArgsTo, int major) throws IOException {
        Path bin = Files.createDirectories(root.resolve(name).resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + writesArgsTo + "'\n");
            assertThat(bin.resolve(tool).toFile().setExecutable(true)).isTrue();
        }
        Files.writeString(bin.resolveSibling("release"),
                "JAVA_VERSION=\"" + major + ".0.1\"\nOS_ARCH=\"x86_64\"\nOS_NAME=\"Linux\"\n");
        return bin;
    }

    /** Makes each file, and the folders it is in up to the project's root, older than {@code reference}. */
    private void olderThan(Path reference, Path... files) {
        for (Path file : files) {
            for (Path p = file; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
                assertThat(p.toFile().setLastModified(reference.toFile().lastModified() - 60_000)).isTrue();
            }
        }
    }

    @Test
    void aDownloadsYoungGenerationIsInHugePagesWhereTheKernelGivesThemAndTheUsersSizingWins() throws Exception {
        // This machine's kernel decides which sizing the launcher takes; either way it is checked here.
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage");
        String mode = Files.isReadable(thp.resolve("enabled")) ? Files.readString(thp.resolve("enabled")) : "";
        String size = Files.isReadable(thp.resolve("hpage_pmd_size"))
                ? Files.readString(thp.resolve("hpage_pmd_size")).strip() : "";
        boolean hugePages = size.equals("2097152") && (mode.contains("[madvise]") || mode.contains("[always]"));

        launch(jdk, "get", "manifest.jws");
        List<String> args = Files.readAllLines(argsFile);
        if (hugePages) {
            assertThat(args).as("the heap flags of get where the kernel's mode is %s", mode.strip())
                    .contains("-Xms32m", "-Xmn20m", "-XX:+UseTransparentHugePages", "-Xlog:pagesize=off")
                    .doesNotContain("-Xms16m");
        } else {
            assertThat(args).as("the heap flags of get where the kernel's mode is '%s'", mode.strip())
                    .contains("-Xms16m").doesNotContain("-Xmn20m", "-XX:+UseTransparentHugePages");
        }
        assertThat(args).as("C1's thresholds for get").contains("-XX:TieredStopAtLevel=1",
                "-XX:CompileThresholdScaling=4");

        // A maximum under the launcher's 32 MiB start stops the JVM, a start under its 20 MiB young generation
        // leaves no old generation: a heap sized by the user in any of these ways replaces the launcher's.
        for (Map<String, String> own : List.of(Map.of("DRILL_JAVA_OPTS", "-Xmn24m"),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:NewSize=24m"), Map.of("DRILL_JAVA_OPTS", "-Xmx24m"),
                Map.of("JDK_JAVA_OPTIONS", "-Xms8m"), Map.of("DRILL_JAVA_OPTS", "-XX:MaxNewSize=8m"),
                Map.of("_JAVA_OPTIONS", "-XX:NewRatio=1"), Map.of("DRILL_JAVA_OPTS", "-XX:MinHeapSize=8m"))) {
            launch(jdk, own, "get", "manifest.jws");
            assertThat(Files.readAllLines(argsFile)).as("the launcher's heap flags beside %s", own)
                    .doesNotContain("-Xms16m", "-Xms32m", "-Xmn20m", "-XX:+UseTransparentHugePages");
        }
    }

    @Test
    void theHeapFollowsTheKernelsHugePageModeAndSize() throws Exception {
        // The launcher reads the kernel's own files; each case shows it others through a bind mount in a mount
        // namespace of the launcher's own, which needs root and unshare(1) (as on CI), and leaves the machine's
        // files as they are.
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage");
        assumeTrue(Files.isDirectory(thp), "this kernel has no transparent huge pages to stand in for");
        assumeTrue(run(List.of("unshare", "--mount", "true"), jdk, Map.of()).exitCode() == 0,
                "needs root and unshare(1) to show the launcher another kernel's settings");
        record Kernel(String enabled, String pageSize, boolean hugePages) {
        }
        for (Kernel kernel : List.of(new Kernel("always [madvise] never", "2097152", true),
                new Kernel("[always] madvise never", "2097152", true),
                new Kernel("always madvise [never]", "2097152", false),
                // 64 KiB base pages (some arm64 kernels): the JVM would round the heap up to 512 MiB
                new Kernel("always [madvise] never", "536870912", false))) {
            Path fake = Files.createDirectories(base.resolve("thp-" + kernel.enabled().indexOf('[') + "-"
                    + kernel.pageSize()));
            Files.writeString(fake.resolve("enabled"), kernel.enabled() + "\n");
            Files.writeString(fake.resolve("hpage_pmd_size"), kernel.pageSize() + "\n");
            Files.deleteIfExists(argsFile);
            Launch launch = run(List.of("unshare", "--mount", "sh", "-c",
                    "mount --bind \"$1\" " + thp + " && shift && exec \"$@\"", "sh", fake.toString(),
                    root.resolve("drill").toString(), "get", "manifest.jws"), jdk, Map.of());
            assertThat(launch.exitCode()).as("the launcher under %s; it printed: %s", kernel, launch.output())
                    .isZero();
            List<String> args = Files.readAllLines(argsFile);
            if (kernel.hugePages()) {
                assertThat(args).as("the heap flags of get under %s", kernel)
                        .contains("-Xms32m", "-Xmn20m", "-XX:+UseTransparentHugePages").doesNotContain("-Xms16m");
            } else {
                assertThat(args).as("the heap flags of get under %s", kernel)
                        .contains("-Xms16m").doesNotContain("-Xmn20m", "-XX:+UseTransparentHugePages");
            }
        }
    }

    private String classPathOfARun(Path jdk, Path argsFile) throws IOException, InterruptedException {
        Files.deleteIfExists(argsFile);
        launch(jdk, "cache", "list");
        List<String> args = Files.readAllLines(argsFile);
        return args.get(args.indexOf("-cp") + 1);
    }

    private String launch(Path jdkBin, String... args) throws IOException, InterruptedException {
        return launch(jdkBin, Map.of(), args);
    }

    private String launch(Path jdkBin, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Launch run = launchAllowingFailure(jdkBin, environment, args);
        assertThat(run.exitCode()).as("the launcher's exit code; it printed: %s", run.output()).isZero();
        return run.output();
    }

    private Launch launchAllowingFailure(Path jdkBin, String... args) throws IOException, InterruptedException {
        return launchAllowingFailure(jdkBin, Map.of(), args);
    }

    private Launch launchAllowingFailure(Path jdkBin, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("drill").toString()));
        command.addAll(List.of(args));
        return run(command, jdkBin, environment);
    }

    private Launch run(List<String> command, Path jdkBin, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true);
        launch.environment().put("JAVA_HOME", jdkBin.getParent().toString());
        // Flags of the test's own environment would change the launcher's (a heap sized there drops its own).
        for (String variable : List.of("DRILL_JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            launch.environment().remove(variable);
        }
        launch.environment().putAll(environment);
        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Launch(process.waitFor(), output);
    }

    private record Launch(int exitCode, String output) {
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.exists(file) ? file : Files.createFile(file);
    }
}
