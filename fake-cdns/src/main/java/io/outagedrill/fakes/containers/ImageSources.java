package io.outagedrill.fakes.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The digest of what an image of {@code containers/prepare.sh} is built from, for the label {@value #LABEL}: its
 * folder {@code containers/images/NAME} and the paths its file {@code sources} lists (for the fault proxy, the code
 * whose classes it carries). A {@code :current} image whose label differs from the checkout's digest was built from
 * other sources, and would be tested as if it were this code. The digest is computed by the checkout's own
 * {@code containers/image-sources.sh}, the one definition prepare.sh labels images with, so the two cannot drift.
 */
public final class ImageSources {
    /** The image label prepare.sh sets to the digest of the sources it built the image from. */
    public static final String LABEL = "io.outagedrill.sources";
    /** The file of an image's folder listing its other sources, one path a line relative to the checkout. */
    static final String LIST = "sources";
    private static final String SCRIPT = "containers/image-sources.sh";
    /** Hashing the fault proxy's few thousand source files takes a second or two; far more is a hung script. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    /** What {@link #staleAmong} found for each image, once per JVM. */
    private static final Map<String, Optional<String>> STALE = new ConcurrentHashMap<>();

    private ImageSources() {
    }

    /**
     * The digest of {@code image}'s sources in {@code checkout} (16 hex digits), as {@code image-sources.sh} prints
     * it; an {@link IOException} with what the script said when it fails (a listed path that is not there).
     */
    public static String digest(Path checkout, String image) throws IOException {
        Process bash = new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$1\"; image_sources_digest \"$2\" \"$3\"",
                "image-sources", checkout.resolve(SCRIPT).toString(), image, checkout.toString()).start();
        try {
            bash.getOutputStream().close();
            if (!bash.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                bash.destroyForcibly();
                throw new IOException("%s did not finish the digest of %s within %d s"
                        .formatted(SCRIPT, image, SCRIPT_TIMEOUT_SECONDS));
            }
        } catch (InterruptedException e) {
            bash.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + SCRIPT + " computed the digest of " + image, e);
        }
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (bash.exitValue() != 0 || !out.matches("[0-9a-f]{16}")) {
            throw new IOException(err.isEmpty() ? "%s gave no digest of %s (exit %d, printed '%s')"
                    .formatted(SCRIPT, image, bash.exitValue(), out) : err);
        }
        return out;
    }

    /**
     * Why the image {@code reference} (outage-drill/NAME:current) is not what this checkout would build, in one line
     * naming the command that rebuilds it; empty when its {@code label} is {@code current}, the checkout's digest.
     */
    public static Optional<String> staleness(String reference, Optional<String> label, String current) {
        if (label.filter(current::equals).isPresent()) {
            return Optional.empty();
        }
        String rebuild = "; run containers/prepare.sh to rebuild it";
        return Optional.of(label.map(built -> "%s is stale: built from sources %s, this checkout's are %s%s"
                        .formatted(reference, built, current, rebuild))
                .orElseGet(() -> ("%s has no label %s (built by an older containers/prepare.sh), so whether it is "
                        + "this checkout's (sources %s) is unknown%s").formatted(reference, LABEL, current, rebuild)));
    }

    /**
     * Why the engine's {@code references} (images of prepare.sh, outage-drill/NAME:current, which it holds) are not
     * what this checkout would build, one clause each; empty when all are, or when there is no {@link #checkout()}
     * to compare them with. Asked once per JVM and image: the fault proxy's sources are a few thousand files.
     */
    public static Optional<String> staleAmong(List<String> references) {
        Optional<Path> checkout = checkout();
        if (checkout.isEmpty()) {
            return Optional.empty();
        }
        List<String> stale = references.stream().map(reference -> STALE.computeIfAbsent(reference,
                ignored -> staleness(checkout.get(), reference))).flatMap(Optional::stream).toList();
        return stale.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", stale));
    }

    private static Optional<String> staleness(Path checkout, String reference) {
        String name = reference.substring(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
        String current;
        try {
            current = digest(checkout, name);
        } catch (IOException e) {
            return Optional.of("the sources of %s cannot be read in %s: %s".formatted(reference, checkout, e));
        }
        return staleness(reference, ContainerEngine.label(reference, LABEL), current);
    }

    /**
     * The checkout the images are built from: {@code DRILL_HOME} (set by {@code ./drill}), else the nearest folder
     * holding {@code containers/prepare.sh} from the working folder up (a test in a module's folder). Empty for a
     * project of the user's own, which holds no sources to compare an image with.
     */
    public static Optional<Path> checkout() {
        String home = System.getenv("DRILL_HOME");
        if (home != null && isCheckout(Path.of(home))) {
            return Optional.of(Path.of(home).toAbsolutePath());
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (isCheckout(at)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    private static boolean isCheckout(Path folder) {
        return Files.isRegularFile(folder.resolve("containers/prepare.sh"))
                && Files.isRegularFile(folder.resolve("containers/image-sources.sh"));
    }
}
