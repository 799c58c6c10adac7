package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest of an image's sources, which {@code containers/prepare.sh} puts on the image it builds (through
 * {@code containers/image-sources.sh}) and the containers world and tests compare with this checkout's
 * ({@link ImageSources}): the two implementations must agree to the digit, or every image would look stale, or none.
 * No engine: what an engine adds is reading the label, {@link ContainerEngine#label}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // run()'s reads block until bash ends
class ImageSourcesTest {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = CHECKOUT.resolve("containers/image-sources.sh");

    @TempDir
    Path dir;

    /**
     * Names whose order differs between byte order and a locale's collation ({@code B} before {@code a} in C, after
     * it in en_US), a file under a listed folder, a listed file, a listed path that overlaps the image's folder, and
     * a symbolic link, which neither follows.
     */
    @Test
    void theScriptAndJavaGiveTheSameDigestAndAChangedFileChangesIt() throws Exception {
        Path image = Files.createDirectories(dir.resolve("containers/images/demo"));
        Files.writeString(image.resolve("Dockerfile"), "FROM scratch\nCOPY a B /\n");
        Files.writeString(image.resolve("a"), "lower");
        Files.writeString(image.resolve("B"), "upper");
        Files.writeString(image.resolve("_under"), "underscore");
        Files.writeString(Files.createDirectories(dir.resolve("code/src/main")).resolve("Main.java"), "class Main {}");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createSymbolicLink(dir.resolve("code/src/main/elsewhere"), Path.of("/etc"));
        Files.writeString(image.resolve(ImageSources.LIST), "# what else it carries\ncode/src/main\n\npom.xml\n"
                + "containers/images/demo\n");

        String java = ImageSources.digest(dir, "demo");
        assertThat(java).as("16 hex digits").matches("[0-9a-f]{16}");
        assertThat(shell("demo", dir, "en_US.UTF-8")).as("image-sources.sh's digest in en_US.UTF-8").isEqualTo(java);
        assertThat(shell("demo", dir, "C")).as("image-sources.sh's digest in C").isEqualTo(java);

        Files.writeString(dir.resolve("code/src/main/Main.java"), "class Main { int changed; }");
        String changed = ImageSources.digest(dir, "demo");
        assertThat(changed).as("the digest after a listed source changed").isNotEqualTo(java);
        assertThat(shell("demo", dir, "C")).as("image-sources.sh's digest after the change").isEqualTo(changed);
    }

    /** This checkout's own images, the fault proxy's thousands of source files among them. */
    @Test
    void theScriptAndJavaAgreeOnEveryImageOfThisCheckout() throws Exception {
        for (String image : List.of("nginx", "varnish", "jre", "s3proxy", "fault-proxy")) {
            assertThat(shell(image, CHECKOUT, "C")).as("image-sources.sh's digest of %s", image)
                    .isEqualTo(ImageSources.digest(CHECKOUT, image));
        }
        assertThat(ImageSources.paths(CHECKOUT, "fault-proxy")).as("the fault proxy's sources")
                .contains("containers/images/fault-proxy", "containers/images/jre", "harness/src/main",
                        "fake-cdns/src/main")
                .allSatisfy(path -> assertThat(path).as("a path the script can take as one word").doesNotContain(" "));
    }

    @Test
    void aListedPathThatIsNotThereIsNamedByBoth() throws Exception {
        Path image = Files.createDirectories(dir.resolve("containers/images/demo"));
        Files.writeString(image.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(image.resolve(ImageSources.LIST), "gone/src/main\n");

        assertThatThrownBy(() -> ImageSources.digest(dir, "demo")).isInstanceOf(IOException.class)
                .hasMessage("containers/images/demo/sources lists gone/src/main, which is not there");
        Result bash = bash("demo", dir, "C");
        assertThat(bash.exit()).as("image-sources.sh's exit code").isNotZero();
        assertThat(bash.err()).as("what image-sources.sh said")
                .contains("containers/images/demo/sources lists gone/src/main, which is not there");
    }

    /**
     * prepare.sh refuses to build the fault proxy with a module's classes whose code its {@code sources} file does not
     * list: a module listed by its pom.xml alone changed its code without making the image stale. A module without a
     * src/main (picocli-java21's pom only repackages a jar) needs its pom.xml alone.
     */
    @Test
    void aModuleWhoseSourcesAreListedByItsPomAloneIsNamedWithItsSrcMain() throws Exception {
        Path image = Files.createDirectories(dir.resolve("containers/images/fault-proxy"));
        Files.writeString(image.resolve(ImageSources.LIST), "pom.xml\ncode/pom.xml\npomonly/pom.xml\n");
        Files.createDirectories(dir.resolve("code/src/main"));
        Files.writeString(dir.resolve("code/pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("pomonly"));
        Files.writeString(dir.resolve("pomonly/pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("absent/src/main"));

        assertThat(unlisted("code")).as("a module with src/main, listed by its pom.xml alone")
                .isEqualTo("code/src/main");
        assertThat(unlisted("pomonly")).as("a module without src/main, its pom.xml listed").isEmpty();
        assertThat(unlisted("absent")).as("a module not listed at all").isEqualTo("absent/pom.xml\nabsent/src/main");
    }

    private String unlisted(String module) throws Exception {
        Result bash = bash("image_sources_unlisted fault-proxy '" + dir + "' " + module, "C");
        assertThat(bash.exit()).as("image_sources_unlisted's exit code; stderr: %s", bash.err()).isZero();
        return bash.out().strip();
    }

    @Test
    void anImageIsStaleUnlessItsLabelIsTheCheckoutsDigest() {
        String image = "outage-drill/fault-proxy:current";
        assertThat(ImageSources.staleness(image, Optional.of("0123456789abcdef"), "0123456789abcdef")).isEmpty();
        assertThat(ImageSources.staleness(image, Optional.of("0123456789abcdef"), "fedcba9876543210")).contains(
                "outage-drill/fault-proxy:current is stale: built from sources 0123456789abcdef, this checkout's are "
                        + "fedcba9876543210; run containers/prepare.sh to rebuild it");
        assertThat(ImageSources.staleness(image, Optional.empty(), "fedcba9876543210")).contains(
                "outage-drill/fault-proxy:current has no label io.outagedrill.sources (built by an older "
                        + "containers/prepare.sh), so whether it is this checkout's (sources fedcba9876543210) is "
                        + "unknown; run containers/prepare.sh to rebuild it");
    }

    /** GNU sha256sum escapes a name with a backslash or a newline, and marks its line with a leading backslash. */
    @Test
    void namesAreWrittenAsSha256sumWritesThem() {
        assertThat(ImageSources.sha256sumLine("ab", "dir/plain")).isEqualTo("ab  dir/plain\n");
        assertThat(ImageSources.sha256sumLine("ab", "a\\b\nc")).isEqualTo("\\ab  a\\\\b\\nc\n");
    }

    private static String shell(String image, Path checkout, String locale) throws Exception {
        Result bash = bash(image, checkout, locale);
        assertThat(bash.exit()).as("image-sources.sh's exit code; stderr: %s", bash.err()).isZero();
        return bash.out().trim();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result bash(String image, Path checkout, String locale) throws Exception {
        return bash("image_sources_digest '" + image + "' '" + checkout + "'", locale);
    }

    /** {@code command} run by bash with image-sources.sh sourced, in {@code locale}. */
    private static Result bash(String command, String locale) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; . '" + SCRIPT + "'; "
                + command);
        builder.environment().put("LC_ALL", locale);
        Process bash = builder.start();
        byte[] out = bash.getInputStream().readAllBytes();
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        return new Result(bash.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }
}
