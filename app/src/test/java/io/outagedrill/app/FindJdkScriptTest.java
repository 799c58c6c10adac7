package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .mvn/find-jdk.sh}, which {@code ./drill} and {@code ./mvnw} source to find a JDK >= 21: the version is read
 * from each JDK's {@code release} file with shell builtins (no process per candidate), and a JDK that is too old is
 * passed over. Fake JDKs here are folders with a {@code release} file and executable {@code bin/java} and
 * {@code bin/javac} that print nothing (run only where the release file names no version).
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS) // run()'s reads block until sh ends
class FindJdkScriptTest {
    private static final Path SCRIPT = Path.of("..", ".mvn", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theMajorVersionIsReadFromTheReleaseFileWhateverItsSpelling() throws Exception {
        assertThat(releaseMajor("JAVA_VERSION=\"25.0.1\"\n")).isEqualTo("25");
        assertThat(releaseMajor("IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21\"\nOS_NAME=\"Linux\"\n"))
                .isEqualTo("21");
        assertThat(releaseMajor("JAVA_VERSION=\"1.8.0_402\"\n")).as("Java 8's 1.8").isEqualTo("8");
        assertThat(releaseMajor("JAVA_VERSION=\"22-ea\"")).as("a last line without a newline").isEqualTo("22");
        assertThat(releaseMajor("OS_NAME=\"Linux\"\n")).as("no JAVA_VERSION line, and a java that says nothing")
                .isEmpty();
        assertThat(run("outage_drill_jdk_major '" + dir + "'; printf %s \"$jdk_major\"")).as("no bin/javac: not a JDK")
                .isEmpty();
    }

    @Test
    void aJavaHomeThatIsNewEnoughIsKeptWithItsVersion() throws Exception {
        Path jdk = fakeJdk("jdk-23", "23.0.2");
        String found = run("JAVA_HOME='" + jdk + "'; outage_drill_find_jdk; "
                + "echo \"$JAVA_HOME $outage_drill_jdk_found_major\"");
        assertThat(found).isEqualTo(jdk + " 23");
    }

    @Test
    void aJavaHomeThatIsTooOldIsPassedOver() throws Exception {
        Path jdk = fakeJdk("jdk-17", "17.0.9");
        // Whatever this machine has besides: either another JDK (>= 21) or the message naming the old one.
        String found = run("JAVA_HOME='" + jdk + "'; if outage_drill_find_jdk 2>/dev/null; then "
                + "echo \"$JAVA_HOME $outage_drill_jdk_found_major\"; else echo none; fi");
        assertThat(found).as("JAVA_HOME and major version chosen").doesNotStartWith(jdk.toString());
        if (!found.equals("none")) {
            assertThat(Integer.parseInt(found.substring(found.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(21);
        }
    }

    @Test
    void thePlatformComesFromTheReleaseFileSoTheLauncherNeedNotAskUname() throws Exception {
        Path jdk = fakeJdk(dir.resolve("jdk-25"),
                "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\nOS_ARCH=\"aarch64\"\nOS_NAME=\"Linux\"\n");
        assertThat(run("JAVA_HOME='" + jdk + "'; outage_drill_find_jdk; "
                + "echo \"$outage_drill_jdk_found_major|$outage_drill_jdk_found_platform\""))
                .isEqualTo("25|Linux aarch64");

        Path silent = fakeJdk("jdk-24", "24.0.1");
        assertThat(run("JAVA_HOME='" + silent + "'; outage_drill_find_jdk; "
                + "echo \"$outage_drill_jdk_found_major|$outage_drill_jdk_found_platform\""))
                .as("a release file without OS_NAME: no platform, and the launcher asks uname").isEqualTo("24|");

        Path alpine = fakeJdk(dir.resolve("jdk-25-musl"),
                "JAVA_VERSION=\"25.0.3\"\nLIBC=\"musl\"\nOS_ARCH=\"x86_64\"\nOS_NAME=\"Linux\"\n");
        assertThat(run("JAVA_HOME='" + alpine + "'; outage_drill_find_jdk; "
                + "echo \"$outage_drill_jdk_found_platform\""))
                .as("a musl JDK, for which Conscrypt has no library").isEqualTo("Linux x86_64-musl");
    }

    private String releaseMajor(String release) throws Exception {
        Path jdk = fakeJdk(Files.createTempDirectory(dir, "jdk"), release);
        return run("outage_drill_jdk_major '" + jdk + "'; printf %s \"$jdk_major\"");
    }

    private Path fakeJdk(String name, String version) throws IOException {
        return fakeJdk(dir.resolve(name), "JAVA_VERSION=\"" + version + "\"\n");
    }

    /** A folder with this {@code release} file and executable {@code bin/java} and {@code bin/javac}. */
    private static Path fakeJdk(Path jdk, String release) throws IOException {
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), release, StandardCharsets.UTF_8);
        for (String tool : new String[] {"java", "javac"}) {
            Path file = Files.writeString(jdk.resolve("bin").resolve(tool), "#!/bin/sh\nexit 1\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }

    /** Runs {@code commands} in {@code sh} after sourcing the script; its stdout, trimmed. */
    private static String run(String commands) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "set -eu; . '" + SCRIPT + "'; " + commands)
                .redirectErrorStream(false).start();
        byte[] out = sh.getInputStream().readAllBytes();
        String err = new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).as("sh finished").isTrue();
        assertThat(sh.exitValue()).as("sh exit code; stderr: %s", err).isZero();
        return new String(out, StandardCharsets.UTF_8).trim();
    }
}
