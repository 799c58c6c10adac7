package io.outagedrill.client.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where things live under a cache root: each entry at {@code sha256/ab/abcdef...} (the first two hex digits as a
 * folder, so no folder grows huge), and while it is being stored, a temporary file beside it whose name ends in
 * {@value #TEMP_SUFFIX}. Anything else in the folder is left alone.
 */
final class CacheLayout {
    static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** What {@link #scan} found; {@code temps} are every process's, finished or not. */
    record Scan(List<CacheEntry> entries, List<Path> temps) {
    }

    private final Path root;

    CacheLayout(Path root) {
        this.root = root;
    }

    Path entry(String sha256) {
        String hex = sha256.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("expected a SHA-256 as 64 hex digits, saw '" + sha256 + "'");
        }
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** A name no other process or thread uses: the pid alone would collide between two threads of one process. */
    Path tempFor(Path entry) {
        return entry.resolveSibling("%s.%d-%016x%s".formatted(entry.getFileName(), ProcessHandle.current().pid(),
                ThreadLocalRandom.current().nextLong(), TEMP_SUFFIX));
    }

    /**
     * Every entry and temporary file. Another process may delete files meanwhile; those are skipped, so the
     * result is a snapshot that may already be slightly out of date, which is all eviction needs.
     */
    Scan scan() throws IOException {
        List<CacheEntry> entries = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        Path shards = root.resolve("sha256");
        if (!Files.isDirectory(shards)) {
            requireFolderOrNothingYet(shards);
            return new Scan(entries, temps);
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(shards)) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder)) {
                    scanShard(folder, entries, temps);
                }
            }
        }
        return new Scan(entries, temps);
    }

    /**
     * A cache never filled is empty; one under a regular file (XDG_CACHE_HOME naming a file, say) can never be
     * filled, and reads as "0 files" no more: the nearest part of the path that exists must be a folder.
     */
    private static void requireFolderOrNothingYet(Path path) throws NotDirectoryException {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new NotDirectoryException(p + " is a file, not a folder; the cache needs a folder there");
                }
                return;
            }
        }
    }

    private static void scanShard(Path folder, List<CacheEntry> entries, List<Path> temps) throws IOException {
        String shard = folder.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    temps.add(file);
                } else if (HEX64.matcher(name).matches() && name.startsWith(shard)) {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            entries.add(new CacheEntry(name, file, attributes.size(), LastUse.of(attributes)));
                        }
                    } catch (NoSuchFileException evictedMeanwhile) {
                        // another process removed it between the listing and now
                    }
                }
            }
        } catch (NoSuchFileException removedMeanwhile) {
            // a whole shard folder removed by hand; nothing in it to count
        }
    }
}
