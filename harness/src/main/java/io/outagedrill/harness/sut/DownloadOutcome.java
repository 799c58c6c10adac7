package io.outagedrill.harness.sut;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one download ended, as the harness saw it. {@link #verified} is the harness's own check (it hashes the
 * file at the destination), never the downloader's word: a tool that exits 0 with a wrong file has accepted a
 * corrupt file.
 *
 * @param exitCode   the process exit code (the reference client in-process maps its result to its CLI codes);
 *                   -1 when the harness killed it at the timeout
 * @param file       the destination, if a file is there
 * @param verified   the file exists and its size and SHA-256 match the signed ones; a user's adapter may leave it
 *                   false, since the harness replaces it (and {@code file}) with its own look at the destination
 *                   ({@link DestinationCheck#judged})
 * @param output     the downloader's last lines of output, for failure messages
 * @param leftovers  the processes the downloader left running when it ended, which the harness then ended (their
 *                   command lines); the run's notes name them, since what they did meanwhile (hold the file, keep
 *                   talking to the mirrors) is part of what was measured
 */
public record DownloadOutcome(String jobId, String client, int exitCode, Optional<Path> file, boolean verified,
                              Instant started, Duration elapsed, boolean timedOut, List<Observation> observations,
                              String output, List<String> leftovers) {
    public DownloadOutcome {
        observations = List.copyOf(observations);
        output = output == null ? "" : output;
        leftovers = leftovers == null ? List.of() : List.copyOf(leftovers);
    }

    /** An outcome that left nothing running: an adapter's own download, or one in process. */
    public DownloadOutcome(String jobId, String client, int exitCode, Optional<Path> file, boolean verified,
                           Instant started, Duration elapsed, boolean timedOut, List<Observation> observations,
                           String output) {
        this(jobId, client, exitCode, file, verified, started, elapsed, timedOut, observations, output, List.of());
    }

    /** Exit 0 with a file that is not the signed one: the worst outcome there is. */
    public boolean acceptedCorruptFile() {
        return exitCode == 0 && file.isPresent() && !verified;
    }

    public boolean succeeded() {
        return exitCode == 0 && verified;
    }
}
