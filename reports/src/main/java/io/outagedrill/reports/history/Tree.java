package io.outagedrill.reports.history;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting what pruning removes: a report folder, and scenario folders a record deletion left empty. */
final class Tree {
    private Tree() {
    }

    /** Deletes a folder and everything in it (symbolic links are removed, never followed); nothing if absent. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /** Removes {@code dir} and its parents while they are empty, stopping at {@code stop}. */
    static void deleteEmptyParents(Path dir, Path stop) throws IOException {
        Path base = stop.toAbsolutePath().normalize();
        for (Path d = dir.toAbsolutePath().normalize(); d != null && d.startsWith(base) && !d.equals(base);
             d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }
}
