package io.outagedrill.fakes.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The digest of what an image of {@code containers/prepare.sh} is built from, as {@code containers/image-sources.sh}
 * computes it for the label {@value #LABEL}: its folder {@code containers/images/NAME} and the paths its file {@code
 * sources} lists (for the fault proxy, the code whose classes it carries). A {@code :current} image whose label
 * differs from the checkout's digest was built from other sources, and would be tested as if it were this code.
 * Both implementations hash the same text: {@code sha256sum}'s line for every regular file (links not followed),
 * in byte order of the paths relative to the checkout, of which the first 16 hex digits of the SHA-256.
 */
public final class ImageSources {
    /** The image label prepare.sh sets to the digest of the sources it built the image from. */
    public static final String LABEL = "io.outagedrill.sources";
    /** The file of an image's folder listing its other sources, one path a line relative to the checkout. */
    static final String LIST = "sources";
    private static final int DIGITS = 16;
    /** What {@link #staleAmong} found for each image, once per JVM. */
    private static final Map<String, Optional<String>> STALE = new ConcurrentHashMap<>();

    private ImageSources() {
    }

    /**
     * The paths {@code image}'s sources are, relative to {@code checkout}: its folder, then what its {@value #LIST}
     * file lists (blank lines and {@code #} comments left out). Throws naming a listed path that is not there.
     */
    static List<String> paths(Path checkout, String image) throws IOException {
        String folder = "containers/images/" + image;
        List<String> paths = new ArrayList<>(List.of(folder));
        Path list = checkout.resolve(folder).resolve(LIST);
        if (!Files.isRegularFile(list)) {
            return paths;
        }
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!Files.exists(checkout.resolve(line), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("%s/%s lists %s, which is not there".formatted(folder, LIST, line));
            }
            paths.add(line);
        }
        return paths;
    }

    /** The digest of {@code image}'s sources in {@code checkout}, as image-sources.sh prints it. */
    public static String digest(Path checkout, String image) throws IOException {
        return digest(checkout, paths(checkout, image));
    }

    /** The digest of every regular file under {@code paths} (relative to {@code checkout}), as sha256sum lists them. */
    static String digest(Path checkout, List<String> paths) throws IOException {
        // By the bytes of each path, as `LC_ALL=C sort -zu` orders them; a file under two listed paths counts once.
        TreeMap<byte[], Path> files = new TreeMap<>(Arrays::compareUnsigned);
        for (String path : paths) {
            try (Stream<Path> under = Files.walk(checkout.resolve(path))) {
                under.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).forEach(file -> files.put(
                        checkout.relativize(file).toString().getBytes(StandardCharsets.UTF_8), file));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        MessageDigest listing = sha256();
        for (var file : files.entrySet()) {
            String name = new String(file.getKey(), StandardCharsets.UTF_8);
            listing.update(sha256sumLine(sha256Of(file.getValue()), name).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(listing.digest()).substring(0, DIGITS);
    }

    /**
     * A line as GNU sha256sum prints it: the hex digest, two spaces, the name; a name with a backslash or a newline
     * is written with those escaped and the line starts with a backslash.
     */
    static String sha256sumLine(String hex, String name) {
        if (name.indexOf('\\') < 0 && name.indexOf('\n') < 0) {
            return hex + "  " + name + "\n";
        }
        return "\\" + hex + "  " + name.replace("\\", "\\\\").replace("\n", "\\n") + "\n";
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

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
