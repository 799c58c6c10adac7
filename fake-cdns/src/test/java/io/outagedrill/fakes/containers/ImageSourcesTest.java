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
 * The digest of an image's sources, which {@code containers/prepare.sh} puts on the image it builds and the containers
 * world and tests compare with this checkout's ({@link ImageSources}, which runs the same
 * {@code containers/image-sources.sh}): the same in every locale, changed by any listed source, and a listed path that
 * is not there said. No engine: what an engine adds is reading the label, {@link ContainerEngine#label}.
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
    void theDigestIsTheSameInEveryLocaleAndAChangedSourceChangesIt() throws Exception {
        Path image = Files.createDirectories(dir.resolve("containers/images/demo"));
        withTheScript();
        Files.writeString(image.resolve("Dockerfile"), "FROM scratch\nCOPY a B /\n");
        Files.writeString(image.resolve("a"), "lower");
        Files.writeString(image.resolve("B"), "upper");
        Files.writeString(image.resolve("_under"), "underscore");
        Files.writeString(Files.createDirectories(dir.resolve("code/src/main")).resolve("Main.java"), "class Main {}");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createSymbolicLink(dir.resolve("code/src/main/elsewhere"), Path.of("/etc"));
        Files.writeString(image.resolve(ImageSources.LIST), "# what else it carries\ncode/src/main\n\npom.xml\n"
                + "containers/images/demo\n");

        String digest = ImageSources.digest(dir, "demo");
        assertThat(digest).as("16 hex digits").matches("[0-9a-f]{16}");
        assertThat(shell("demo", dir, "en_US.UTF-8")).as("the digest in en_US.UTF-8").isEqualTo(digest);
        assertThat(shell("demo", dir, "C")).as("the digest in C").isEqualTo(digest);

        Files.writeString(dir.resolve("code/src/main/Main.java"), "class Main { int changed; }");
        assertThat(ImageSources.digest(dir, "demo")).as("the digest after a listed source changed")
                .isNotEqualTo(digest);
    }

    /** This checkout's own images, the fault proxy's thousands of source files among them. */
    @Test
    void everyImageOfThisCheckoutHasADigestOfItsOwn() throws Exception {
        List<String> images = List.of("nginx", "varnish", "jre", "s3proxy", "fault-proxy");
        List<String> digests = new java.util.ArrayList<>();
        for (String image : images) {
            digests.add(ImageSources.digest(CHECKOUT, image));
        }
        assertThat(digests).as("the digests of %s", images).doesNotHaveDuplicates()
                .allSatisfy(d -> assertThat(d).matches("[0-9a-f]{16}"));
        Result sources = bash("image_sources fault-proxy '" + CHECKOUT + "'", "C");
        assertThat(sources.out().lines().toList()).as("the fault proxy's sources")
                .contains("containers/images/fault-proxy", "containers/images/jre", "harness/src/main",
                        "fake-cdns/src/main")
                .allSatisfy(path -> assertThat(path).as("a path the script can take as one word").doesNotContain(" "));
    }

    @Test
    void aListedPathThatIsNotThereIsNamed() throws Exception {
        Path image = Files.createDirectories(dir.resolve("containers/images/demo"));
        withTheScript();
        Files.writeString(image.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(image.resolve(ImageSources.LIST), "gone/src/main\n");

        assertThatThrownBy(() -> ImageSources.digest(dir, "demo")).isInstanceOf(IOException.class)
                .hasMessage("containers/images/demo/sources lists gone/src/main, which is not there");
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

    /** The checkout's image-sources.sh where {@link ImageSources#digest} looks for it in the test's own checkout. */
    private void withTheScript() throws IOException {
        Files.copy(SCRIPT, Files.createDirectories(dir.resolve("containers")).resolve("image-sources.sh"));
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
