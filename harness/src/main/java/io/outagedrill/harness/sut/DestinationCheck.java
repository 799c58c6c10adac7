package io.outagedrill.harness.sut;

import io.outagedrill.client.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The harness's own look at what a download left at its destination: whether a file is there, and whether its size
 * and SHA-256 are the signed ones. Every outcome is judged by it, never by the downloader's word (nor by a user's
 * adapter's: {@link #judged}).
 */
public final class DestinationCheck {
    private DestinationCheck() {
    }

    /** What is at {@code job}'s destination, judged: the file when one is there, and whether it is the signed one. */
    record Found(Optional<Path> file, boolean verified) {
    }

    static Found at(DownloadJob job) {
        Path destination = job.destination();
        // The file itself, never what a link there points to: a downloader that linked its destination to a copy
        // elsewhere (a cache, a file of the user's) was judged on that file, and passed with one it never fetched.
        if (!Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
            return new Found(Optional.empty(), false);
        }
        boolean verified;
        // Opened without following a link, so one put there since the check above is refused, not read.
        try {
            verified = Files.size(destination) == job.size()
                    && Sha256.ofFile(destination, LinkOption.NOFOLLOW_LINKS).equals(job.sha256());
        } catch (IOException unreadable) {
            verified = false;
        }
        return new Found(Optional.of(destination), verified);
    }

    /**
     * {@code given}, an outcome a user's adapter reported, with its file and {@code verified} replaced by what the
     * harness finds at the destination: an adapter that passed on its downloader's word (or wrote a file of zeros and
     * said "verified") would otherwise have a wrong file counted as a good one.
     */
    public static DownloadOutcome judged(DownloadJob job, DownloadOutcome given) {
        Found found = at(job);
        return new DownloadOutcome(given.jobId(), given.client(), given.exitCode(), found.file(), found.verified(),
                given.started(), given.elapsed(), given.timedOut(), given.observations(), given.output(),
                given.leftovers());
    }
}
