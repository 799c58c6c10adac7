package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.content.FileOnDisk;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.ServedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A world's files on disk for its real servers, under one work directory: each generated file's bytes written once,
 * and a directory per layout (the paths a kind of provider serves them at) that hard-links to them, all
 * world-readable since the servers in the containers (nginx's workers: www-data) read them through read-only bind
 * mounts. A publisher's own file ({@link FileOnDisk}) is not copied: the layout holds an empty placeholder at its
 * path, and the file is bind-mounted onto it from where it lies ({@link StagedLayout}). Thread-safe: providers start
 * side by side.
 */
final class StagedFiles {
    private static final String READABLE_DIR = "rwxr-xr-x";
    private final Path work;
    private final Map<Map<String, ServedFile>, StagedLayout> layouts = new ConcurrentHashMap<>();
    private final Map<String, Path> written = new ConcurrentHashMap<>();

    StagedFiles(Path work) {
        this.work = work;
    }

    /**
     * A directory holding each file at its path ({@code /outage-drill/video.mp4}), and the users' files to mount
     * onto their placeholders in it; made once per layout. Throws {@link IllegalArgumentException} when nginx could
     * not read a user's file ({@link UserFileMount}).
     */
    StagedLayout layout(Map<String, ? extends ServedFile> byPath) {
        return layouts.computeIfAbsent(Map.copyOf(byPath), this::layShared);
    }

    /**
     * As {@link #layout}, but a directory and bytes of the provider's own, shared with no other server: a copy whose
     * bytes may be changed ({@link CorruptibleFile}) without the other providers serving the change. Generated files
     * only: a copy of a user's file to corrupt is not made (it may be many GiB, and corrupting the file itself would
     * change the user's file).
     */
    OwnCopy ownLayout(String provider, Map<String, ? extends ServedFile> byPath) {
        byPath.values().stream().filter(file -> !(file instanceof GeneratedFile)).findFirst().ifPresent(users -> {
            throw new IllegalArgumentException("provider " + provider + " would need a copy of its own of " + users
                    + " to serve corrupt bytes from; the containers world corrupts copies of generated files only, "
                    + "never a user's file");
        });
        try {
            Path root = directory("own-" + provider + "-");
            Map<String, Path> copies = new TreeMap<>();
            for (Map.Entry<String, ? extends ServedFile> entry : new TreeMap<>(byPath).entrySet()) {
                Path target = placeAt(root, entry.getKey());
                Files.copy(bytesOf((GeneratedFile) entry.getValue()), target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                copies.put(entry.getKey(), target);
            }
            return new OwnCopy(root, copies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the files for the servers under " + work, e);
        }
    }

    /**
     * A provider's own copy of the files.
     *
     * @param root   the directory served at {@code /}
     * @param byPath each file under it by the path it is served at ({@code /video.mp4})
     */
    record OwnCopy(Path root, Map<String, Path> byPath) {
        OwnCopy {
            byPath = Map.copyOf(byPath);
        }
    }

    private StagedLayout layShared(Map<String, ServedFile> byPath) {
        try {
            Path root = directory("files-");
            Map<String, Path> userFiles = new HashMap<>();
            for (Map.Entry<String, ServedFile> entry : new TreeMap<>(byPath).entrySet()) {
                Path target = placeAt(root, entry.getKey());
                switch (entry.getValue()) {
                    case GeneratedFile generated -> Files.createLink(target, bytesOf(generated));
                    case FileOnDisk users -> {
                        // The mount point: the engine mounts onto an existing file and cannot make one in the
                        // read-only mount of this directory.
                        userFiles.put(entry.getKey(), UserFileMount.of(users));
                        Files.createFile(target);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            return new StagedLayout(root, userFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the files for the servers under " + work, e);
        }
    }

    private Path directory(String prefix) throws IOException {
        Path root = Files.createTempDirectory(work, prefix);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(READABLE_DIR));
        return root;
    }

    /** Where the file served at {@code path} goes under {@code root}, its folders made world-readable. */
    private static Path placeAt(Path root, String path) throws IOException {
        Path target = root.resolve(path.substring(1));
        for (Path dir = target.getParent(); !dir.equals(root); dir = dir.getParent()) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(READABLE_DIR));
        }
        return target;
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
