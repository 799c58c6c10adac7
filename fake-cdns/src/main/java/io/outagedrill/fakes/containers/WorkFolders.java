package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.TempTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host folders a containers world stages its files and keys in (bind-mounted into its containers), named
 * after the JVM that made them ({@code outage-drill-containers-PID-...}), as {@link ContainerJanitor} labels
 * containers: a world deletes its own when it closes; this JVM's exit deletes those of worlds that never got
 * that far (Ctrl-C while a world starts, before anything could close it); and the next world of any JVM deletes
 * those whose owner no longer runs (a JVM killed with -9 has no hooks). Each holds the world's TLS keys and a
 * copy of its generated files, up to the scenario's whole size.
 */
final class WorkFolders {
    static final String PREFIX = "outage-drill-containers-";
    private static final long OWNER = ProcessHandle.current().pid();
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private static boolean armed;

    private WorkFolders() {
    }

    /** A new folder of this JVM's in the temporary folder, after removing those of owners that no longer run. */
    static Path create() throws IOException {
        arm();
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(parent);
        Path work = Files.createTempDirectory(parent, PREFIX + OWNER + "-");
        OPEN.add(work);
        return work;
    }

    /** Deletes {@code work} and everything in it; quietly, as clean-up does. */
    static void delete(Path work) {
        TempTrees.deleteQuietly(work);
        OPEN.remove(work);
    }

    /** Deletes the folders in {@code parent} whose owner process no longer runs; others' and this JVM's stay. */
    static void removeOrphans(Path parent) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path folder : folders) {
                owner(folder).filter(pid -> ProcessHandle.of(pid).isEmpty())
                        .ifPresent(gone -> TempTrees.deleteQuietly(folder));
            }
        } catch (IOException e) {
            // A temporary folder that cannot be listed: nothing to clean here.
        }
    }

    /** The pid a folder's name carries; empty for a name of another form (an older build's, someone else's). */
    static Optional<Long> owner(Path folder) {
        String rest = folder.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash <= 0 ? Optional.empty() : Optional.of(Long.parseLong(rest.substring(0, dash)));
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }

    private static synchronized void arm() {
        if (armed) {
            return;
        }
        armed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(TempTrees::deleteQuietly),
                "containers-work-folders"));
    }
}
