package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.content.GeneratedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A world's generated files on disk for its real servers, under one work directory: each file's bytes written once,
 * and a directory per layout (the paths a kind of provider serves them at) that hard-links to them, all
 * world-readable since the servers in the containers (nginx's workers: www-data) read them through read-only bind
 * mounts. Thread-safe: providers start side by side.
 */
final class StagedFiles {
    private static final String READABLE_DIR = "rwxr-xr-x";
    private final Path work;
    private final Map<Map<String, GeneratedFile>, Path> layouts = new ConcurrentHashMap<>();
    private final Map<String, Path> written = new ConcurrentHashMap<>();

    StagedFiles(Path work) {
        this.work = work;
    }

    /** A directory holding each file at its path ({@code /outage-drill/video.mp4}); made once per layout. */
    Path layout(Map<String, GeneratedFile> byPath) {
        return layouts.computeIfAbsent(Map.copyOf(byPath), paths -> lay(paths, "files-", false));
    }

    /**
     * As {@link #layout}, but a directory and bytes of the provider's own, shared with no other server: a copy whose
     * bytes may be changed ({@link CorruptibleFile}) without the other providers serving the change.
     */
    Path ownLayout(String provider, Map<String, GeneratedFile> byPath) {
        return lay(byPath, "own-" + provider + "-", true);
    }

    private Path lay(Map<String, GeneratedFile> byPath, String prefix, boolean copy) {
        try {
            Path root = Files.createTempDirectory(work, prefix);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(READABLE_DIR));
            for (Map.Entry<String, GeneratedFile> entry : new TreeMap<>(byPath).entrySet()) {
                Path target = root.resolve(entry.getKey().substring(1));
                for (Path dir = target.getParent(); !dir.equals(root); dir = dir.getParent()) {
                    Files.createDirectories(dir);
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(READABLE_DIR));
                }
                if (copy) {
                    Files.copy(bytesOf(entry.getValue()), target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                } else {
                    Files.createLink(target, bytesOf(entry.getValue()));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the files for the servers under " + work, e);
        }
    }

    /** The file's bytes, written on first use. */
    Path bytesOf(GeneratedFile file) {
        return written.computeIfAbsent(file.name() + "-" + file.seed() + "-" + file.size(), key -> {
            Path path = work.resolve("bytes-" + key);
            try (InputStream in = file.open()) {
                Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
                return path;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file.name() + " to " + path, e);
            }
        });
    }
}
