package io.outagedrill.fakes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary folders that do not outlive the JVM that made them, each named after it ({@code PREFIX-PID-...}): the
 * owner deletes its own when done; this JVM's exit deletes those still open (Ctrl-C while a world starts, before
 * anything could close it); and the next folder of the same kind, in any JVM, deletes those whose owner no longer
 * runs (a JVM killed with -9 has no hooks). They hold a world's TLS keys and, for containers, a copy of its files.
 *
 * <p>Once the exit has swept them, no folder is made: a world still starting on another thread (Ctrl-C during {@code
 * drill topology up --world containers}, which makes a containers folder, then a topology's) made its next folder
 * after the sweep, and the JVM halted before anything closed it. A world's own close may run beside the sweep: both
 * delete the same folders, and a folder already deleted is nothing to do.
 */
public final class OwnedFolders {
    /** A containers world's host folder: its files and keys, bind-mounted into its containers. */
    public static final OwnedFolders CONTAINERS = new OwnedFolders("outage-drill-containers-");
    /** An embedded topology's folder: its test CA, trust store and keys. */
    public static final OwnedFolders TOPOLOGY = new OwnedFolders("outage-drill-topology-");
    /** An S3Proxy process's folder: its configuration, log and a copy of the objects it serves. */
    public static final OwnedFolders S3PROXY = new OwnedFolders("outage-drill-s3proxy-");

    private static final long OWNER = ProcessHandle.current().pid();
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private static boolean armed;
    /** Whether the JVM's exit has begun deleting the open folders; guarded by the class, as {@link #OPEN}'s adds are. */
    private static boolean swept;

    private final String prefix;

    OwnedFolders(String prefix) {
        this.prefix = prefix;
    }

    /** How the names of this kind of folder begin, before the owner's pid. */
    public String prefix() {
        return prefix;
    }

    /** A new folder of this JVM's in the temporary folder, after removing those of owners that no longer run. */
    public Path create() throws IOException {
        arm();
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(parent);
        synchronized (OwnedFolders.class) {
            if (swept) {
                throw new IOException("the JVM is exiting: a new " + prefix + OWNER + "-... folder would outlive it");
            }
            Path folder = Files.createTempDirectory(parent, prefix + OWNER + "-");
            OPEN.add(folder);
            return folder;
        }
    }

    /** Deletes {@code folder} and everything in it, saying why it could not. */
    public void delete(Path folder) throws IOException {
        TempTrees.delete(folder);
        OPEN.remove(folder);
    }

    /** Deletes {@code folder} and everything in it; quietly, as clean-up after a failure does. */
    public void deleteQuietly(Path folder) {
        TempTrees.deleteQuietly(folder);
        OPEN.remove(folder);
    }

    /** Deletes the folders in {@code parent} whose owner process no longer runs; others' and this JVM's stay. */
    public void removeOrphans(Path parent) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path folder : folders) {
                owner(folder).filter(pid -> ProcessHandle.of(pid).isEmpty())
                        .ifPresent(gone -> TempTrees.deleteQuietly(folder));
            }
        } catch (IOException e) {
            // A temporary folder that cannot be listed: nothing to clean here.
        }
    }

    /** The pid a folder's name carries; empty for a name of another form (an older build's, someone else's). */
    public Optional<Long> owner(Path folder) {
        String name = folder.getFileName().toString();
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = name.substring(prefix.length());
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
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(OwnedFolders::sweep, "owned-temporary-folders"));
        } catch (IllegalStateException exiting) {
            swept = true; // too late for hooks: create() refuses, as it does once the hook has run
        }
    }

    /** The JVM's exit: the folders still open go, and none is made after. */
    private static void sweep() {
        synchronized (OwnedFolders.class) {
            swept = true;
        }
        OPEN.forEach(TempTrees::deleteQuietly);
    }
}
