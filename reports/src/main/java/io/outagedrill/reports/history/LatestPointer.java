package io.outagedrill.reports.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code latest}: a relative symbolic link to the newest run's report folder. Where the OS or file system does not
 * allow symbolic links (Windows without developer mode, some network shares) it is {@code latest.html}, a page that
 * redirects to the newest report instead.
 */
final class LatestPointer {
    static final String LINK = "latest";
    static final String PAGE = "latest.html";

    private LatestPointer() {
    }

    /** Points at {@code newest}'s report (removes the pointer when null); returns the file written. */
    static Path point(Path resultsDir, RunEntry newest) throws IOException {
        Path link = resultsDir.resolve(LINK);
        Path page = resultsDir.resolve(PAGE);
        if (newest == null) {
            Files.deleteIfExists(link);
            Files.deleteIfExists(page);
            return null;
        }
        if (link(link, Path.of(ReportHistory.REPORTS, newest.id()))) {
            Files.deleteIfExists(page);
            return link;
        }
        String target = newest.reportDir() + "/index.html";
        AtomicFile.write(page, """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta http-equiv="refresh" content="0; url=%1$s">
                <title>Latest Outage Drill report</title></head>
                <body><p>The newest report: <a href="%1$s">%2$s</a></p></body></html>
                """.formatted(target, newest.id()));
        return page;
    }

    /** Makes the link beside its final name and renames it over the old one, so {@code latest} never dangles. */
    private static boolean link(Path link, Path target) {
        Path temp = AtomicFile.temporary(link);
        try {
            Files.createSymbolicLink(temp, target);
            AtomicFile.move(temp, link);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing was made
            }
            return false;
        }
    }
}
