package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.content.FileOnDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a publisher's own file can be bind-mounted into nginx as it lies. The mount bypasses the folders above
 * the file (the engine mounts it as root), but nginx's workers read it as their own user (www-data), so the file
 * itself must be readable by other users. It is never made so here: the user's file is not touched.
 */
public final class UserFileMount {
    private UserFileMount() {
    }

    /**
     * Why nginx in a container cannot read {@code file}, in words saying what to do; empty when it can (or when the
     * file system has no POSIX permissions to ask, where the engine's own rules decide).
     */
    public static Optional<String> unreadableReason(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.empty();
            }
            return Optional.of(("%s is not readable by other users (%s): nginx in the containers reads it as its "
                    + "worker user (www-data), not as you, so every request would get 403; make it readable (chmod "
                    + "o+r) or serve it with --world embedded").formatted(file,
                    PosixFilePermissions.toString(permissions)));
        } catch (IOException e) {
            return Optional.of("cannot read the permissions of " + file + ": " + e.getMessage());
        }
    }

    /** The file's real path on the host (the engine mounts that, not a symbolic link), checked readable by nginx. */
    static Path of(FileOnDisk file) {
        try {
            Path real = file.path().toRealPath();
            unreadableReason(real).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + file.path() + " from the containers: " + e.getMessage(),
                    e);
        }
    }
}
