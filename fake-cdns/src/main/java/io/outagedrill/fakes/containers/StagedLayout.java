package io.outagedrill.fakes.containers;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an nginx container serves, as {@link StagedFiles} laid it out on the host: a directory mounted at the
 * server's root, and the publishers' own files ({@code drill topology up --file}) to bind-mount read-only, each onto
 * the empty placeholder the directory holds at its path. A user's file is mounted from where it lies, never copied
 * or linked: it may be many GiB, on another file system, or in a folder the containers must not see.
 *
 * @param root      the directory served at {@code /}
 * @param userFiles each user's file by the path it is served at ({@code /my-app.zip}), as its real path on the host
 */
record StagedLayout(Path root, Map<String, Path> userFiles) {
    StagedLayout {
        userFiles = Map.copyOf(userFiles);
    }
}
