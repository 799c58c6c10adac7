package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.junit.FakeWorld;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./drill} launcher as users run it, after {@code package}: the first {@code drill get} of a build
 * records the classes a download loads and leaves an archive for the next runs (an AOT cache on JDK 25 and later),
 * and still prints nothing but the downloaded file's path on stdout, where scripts read it. (The JDK's one-step
 * AOT cache output once printed its assembly there, and its child JVM's whole class path on stderr.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherArchiveIT {
    @FakeWorld(providers = 2, size = "1MiB")
    static Topology world;

    /**
     * The archive the first test made in this run and its time, for the next test to start from: making one costs a
     * record and a create step, about 5 s on two cores. Taken only if it is still the one archive there, untouched.
     */
    private static Path madeThisRun;
    private static FileTime madeAt;

    @Test
    @Order(1)
    void theFirstGetOfABuildWritesTheArchiveAndPrintsOnlyThePath(@TempDir Path dir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path launcher = root.resolve("drill");
        Path target = root.resolve("app/target");
        assumeTrue(Files.isExecutable(launcher) && Files.isRegularFile(target.resolve("drill.classpath")),
                () -> "needs the packaged app and the launcher at " + root);
        deleteArchives(target);

        Run first = get(launcher, dir.resolve("first"), Map.of());
        assertThat(first.exitCode()).as("first run's exit code; stderr:%n%s", first.stderr()).isZero();
        assertThat(first.stdout()).as("first run's stdout (the one that writes the archive)")
                .isEqualTo(dir.resolve("first").resolve("video.mp4") + "\n");
        assertThat(first.stderr()).as("first run's stderr").doesNotContain("JAVA_TOOL_OPTIONS")
                .doesNotContain("AOTCache").doesNotContain("AOTConfiguration");
        assertThat(archives(target)).as("the archive the first run left in %s", target).hasSize(1);
        assertThat(leftovers(target)).as("temporary files left in %s", target).isEmpty();

        // Told to fail rather than run without it: a cache the JVM refuses (a failed or mismatched assembly) is
        // otherwise dropped silently, the launcher having turned its logging off.
        String mapOrFail = archives(target).getFirst().toString().endsWith(".aot") ? "-XX:AOTMode=on" : "-Xshare:on";
        Run second = get(launcher, dir.resolve("second"), Map.of("DRILL_JAVA_OPTS", mapOrFail));
        assertThat(second.exitCode()).as("second run's exit code; stderr:%n%s", second.stderr()).isZero();
        assertThat(second.stdout()).as("second run's stdout (mapping the archive)")
                .isEqualTo(dir.resolve("second").resolve("video.mp4") + "\n");
        assertThat(second.stderr()).as("second run's stderr").doesNotContain("AOT").doesNotContain("CDS")
                .doesNotContain("warning");

        // A young generation as large as the launcher's 16 MiB initial heap would leave the archive's objects no
        // old generation to load into, and the JVM would stop before main ("Unable to use AOT cache").
        Run youngSized = get(launcher, dir.resolve("young"), Map.of("DRILL_JAVA_OPTS", "-Xmn24m " + mapOrFail));
        assertThat(youngSized.exitCode()).as("exit code of a run with -Xmn24m; stderr:%n%s", youngSized.stderr())
                .isZero();
        assertThat(youngSized.stdout()).as("stdout of a run with -Xmn24m, mapping the archive")
                .isEqualTo(dir.resolve("young").resolve("video.mp4") + "\n");
        madeThisRun = archives(target).getFirst();
        madeAt = Files.getLastModifiedTime(madeThisRun);
    }

    /** One test for both causes: each case records and creates an AOT cache twice, about 5 s each time. */
    @Test
    @Order(2)
    void anArchiveMadeForAnotherClassPathOrOlderThanItsJarsIsMadeAgain(@TempDir Path dir) throws Exception {
        Path archive = archiveOfAFirstGet(dir.resolve("first"));
        Path classPath = archive.resolveSibling(archive.getFileName().toString().replaceFirst("\\.(aot|jsa)$",
                ".classpath"));
        String madeWith = Files.readString(classPath);
        assertThat(madeWith).as("the class path kept beside the archive").contains("reference-client");
        // As if a jar had been added or swapped for an older one: no jar is newer, yet the JVM would refuse the
        // archive without a word.
        Files.writeString(classPath, "/somewhere/else.jar\n");

        assertMadeAgainBy(dir.resolve("second"), Files.getLastModifiedTime(archive), "made for another class path");
        assertThat(Files.readString(classPath)).as("the class path beside the new archive").isEqualTo(madeWith);

        // As if the client's jar had been rebuilt after the archive was made: the JVM would refuse the archive
        // (its jars' times no longer match) and every run would start without one.
        FileTime longAgo = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(archives(launcherRoot().resolve("app/target")).getFirst(), longAgo);

        assertMadeAgainBy(dir.resolve("third"), longAgo, "older than the class path's jars");
    }

    /**
     * The archive a first {@code get} of this build leaves, none being there before: the first test's, when it is
     * still the only one there and untouched, else one made now.
     */
    private static Path archiveOfAFirstGet(Path out) throws Exception {
        Path target = launcherRoot().resolve("app/target");
        if (madeThisRun != null && archives(target).equals(List.of(madeThisRun))
                && Files.getLastModifiedTime(madeThisRun).equals(madeAt)) {
            return madeThisRun;
        }
        deleteArchives(target);
        Run first = get(launcherRoot().resolve("drill"), out, Map.of());
        assertThat(first.exitCode()).as("first run's exit code; stderr:%n%s", first.stderr()).isZero();
        assertThat(archives(target)).as("archives in %s after a first get", target).hasSize(1);
        return archives(target).getFirst();
    }

    /** A {@code get} into {@code out} writes the archive again: it is newer than {@code before}. */
    private static void assertMadeAgainBy(Path out, FileTime before, String why) throws Exception {
        Path target = launcherRoot().resolve("app/target");
        Run run = get(launcherRoot().resolve("drill"), out, Map.of());
        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        assertThat(archives(target)).as("archives in %s", target).hasSize(1);
        assertThat(Files.getLastModifiedTime(archives(target).getFirst()))
                .as("the archive's time after a run found it %s", why).isGreaterThan(before);
    }

    @Test
    void conscryptLinksItsLibraryWhereTheBuildPutItInsteadOfATemporaryCopy(@TempDir Path dir) throws Exception {
        Path root = launcherRoot();
        Path folder = root.resolve("reference-client/target/conscrypt-native/META-INF/native");
        assumeTrue(Files.isDirectory(folder), () -> "needs the packaged reference-client, with " + folder);

        Run run = get(root.resolve("drill"), dir.resolve("out"), Map.of("DRILL_JAVA_OPTS", "-Xlog:library=info"));

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        // "Loaded library PATH, handle ..." lines of the JVM's log; a copy out of the jar would be a temporary file
        // named like the library with digits added, wherever the temporary folder is.
        List<String> conscrypt = run.stdout().lines().filter(line -> line.contains("Loaded library ")
                        && line.contains("conscrypt"))
                .map(line -> line.substring(line.indexOf("Loaded library ") + "Loaded library ".length())
                        .replaceFirst(", handle .*$", ""))
                .toList();
        assertThat(conscrypt).as("Conscrypt's libraries in the JVM's library log (on stdout) of a get")
                .singleElement().satisfies(path -> assertThat(Path.of(path).getParent())
                        .as("the folder Conscrypt's library %s was linked from", path).isEqualTo(folder));
    }

    @Test
    void aFirstGetWithTheUsersOwnJvmFlagsRecordsNothingAndShowsWhatTheyAskedFor(@TempDir Path dir) throws Exception {
        Path root = launcherRoot();
        Path target = root.resolve("app/target");
        deleteArchives(target);

        // VM output asked for (the flag table, on stdout): the recording step would have turned it off, and mixed
        // the user's flags into the archive every later run maps.
        Run run = get(root.resolve("drill"), dir.resolve("out"), Map.of("DRILL_JAVA_OPTS", "-XX:+PrintFlagsFinal"));

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
        assertThat(run.stdout()).as("stdout of a get run with -XX:+PrintFlagsFinal")
                .contains("TieredStopAtLevel").endsWith(dir.resolve("out").resolve("video.mp4") + "\n");
        assertThat(archives(target)).as("archives in %s after a first get with DRILL_JAVA_OPTS", target).isEmpty();
        assertThat(leftovers(target)).as("temporary files left in %s", target).isEmpty();
    }

    @Test
    void aCreateStepThatFailsLeavesNoArchive(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the two-step AOT cache needs JDK 25");
        Path root = launcherRoot();
        Path target = root.resolve("app/target");
        // The real JDK, except that the create step writes part of a file where the cache goes and fails
        // (a full disk, a JVM killed mid-way): that file is no cache and must not become the archive.
        Path jdk = wrappedJdk(dir.resolve("jdk-failing-create"), Runtime.version().feature(), """
                for a in "$@"; do
                  case "$a" in
                    -XX:AOTMode=create) create=yes ;;
                    -XX:AOTCache=*) cache=${a#-XX:AOTCache=} ;;
                  esac
                done
                if [ -n "${create:-}" ]; then printf 'half a cache' > "$cache"; exit 1; fi
                """);
        deleteArchives(target);
        try {
            Run run = get(root.resolve("drill"), dir.resolve("out"), Map.of("JAVA_HOME", jdk.toString()));

            assertThat(run.exitCode()).as("exit code (the download succeeded); stderr:%n%s", run.stderr()).isZero();
            assertThat(run.stdout()).as("stdout").isEqualTo(dir.resolve("out").resolve("video.mp4") + "\n");
            assertThat(archives(target)).as("archives in %s after a failed create step", target).isEmpty();
            assertThat(leftovers(target)).as("temporary files left in %s", target).isEmpty();
        } finally {
            deleteArchives(target);
        }
    }

    @Test
    void beforeJdk25AFirstGetLeavesAFileThatAnInheritedAotConfigNamesAlone(@TempDir Path dir) throws Exception {
        Path root = launcherRoot();
        Path target = root.resolve("app/target");
        // The launcher takes the JDK's version from its release file: this one says 21 (the .jsa path).
        Path jdk = wrappedJdk(dir.resolve("jdk-says-21"), 21, "");
        // A variable of the launcher's own name in the environment names a file that is not the launcher's.
        Path notTheLaunchers = Files.writeString(dir.resolve("keep.txt"), "mine");
        deleteArchives(target);
        try {
            // A get refused at once (no --trust): the launcher's archive step runs all the same, in a second.
            Run run = run(List.of(root.resolve("drill").toString(), "get", dir.resolve("missing.jws").toString()),
                    Map.of("JAVA_HOME", jdk.toString(), "aot_config", notTheLaunchers.toString()));

            assertThat(run.exitCode()).as("exit code of a get without --trust; stderr:%n%s", run.stderr())
                    .isEqualTo(2);
            assertThat(notTheLaunchers).as("the file an inherited aot_config named").exists();
            assertThat(archives(target)).as("archives in %s after a failed first run", target).isEmpty();
            assertThat(leftovers(target)).as("temporary files left in %s", target).isEmpty();
        } finally {
            deleteArchives(target);
        }
    }

    private static Path launcherRoot() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(root.resolve("drill"))
                        && Files.isRegularFile(root.resolve("app/target/drill.classpath")),
                () -> "needs the packaged app and the launcher at " + root);
        return root;
    }

    /**
     * A JDK the launcher takes for one of {@code major}: a release file saying so, the real javac, and a java that
     * runs {@code script} (POSIX sh, given the arguments) and then the real java.
     */
    private static Path wrappedJdk(Path home, int major, String script) throws IOException {
        Path real = Path.of(System.getProperty("java.home"));
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + "\"\n");
        executable(bin.resolve("javac"), "#!/bin/sh\nexec '" + real.resolve("bin/javac") + "' \"$@\"\n");
        executable(bin.resolve("java"), "#!/bin/sh\n" + script + "exec '" + real.resolve("bin/java") + "' \"$@\"\n");
        return home;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        assertThat(file.toFile().setExecutable(true)).as("made %s executable", file).isTrue();
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run get(Path launcher, Path out, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "get"));
        command.addAll(world.manifestUrls("video.mp4"));
        command.addAll(List.of("--trust", world.trustStore().toString(), "--ca-cert",
                world.caCertificate().toString(), "-o", out.toString(), "--no-cache",
                "--versions", out.resolveSibling(out.getFileName() + "-versions.json").toString()));
        for (Provider p : world.providers()) {
            command.addAll(List.of("--resolve", p.hostname() + ":" + p.address().getAddress().getHostAddress()));
        }
        for (ManifestReplica r : world.manifestReplicas()) {
            command.addAll(List.of("--resolve", r.hostname() + ":" + r.cdn().address().getAddress().getHostAddress()));
        }
        return run(command, environment);
    }

    private static Run run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        File stdout = Files.createTempFile("launcher-out", ".txt").toFile();
        File stderr = Files.createTempFile("launcher-err", ".txt").toFile();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr);
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./drill get still running after 3 minutes: " + command);
            }
            Run run = new Run(process.exitValue(), Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                    Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
            // The build has just packaged the app: a launcher that builds again here would be testing a build of
            // its own, made inside this one.
            assertThat(run.stderr()).as("stderr of %s", command).doesNotContain("drill: building");
            return run;
        } finally {
            Files.deleteIfExists(stdout.toPath());
            Files.deleteIfExists(stderr.toPath());
        }
    }

    private static List<Path> archives(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("drill-client-.*\\.(aot|jsa)")).toList();
        }
    }

    private static List<Path> leftovers(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("drill-client-.*\\.(aot|jsa)\\..+")).toList();
        }
    }

    private static void deleteArchives(Path target) throws IOException {
        for (Path p : archives(target)) {
            Files.delete(p);
        }
    }
}
