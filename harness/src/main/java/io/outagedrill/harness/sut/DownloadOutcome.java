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
 * @param verified   the file exists and its size and SHA-256 match the signed ones
 * @param output     the downloader's last lines of output, for failure messages
 */
public record DownloadOutcome(String jobId, String client, int exitCode, Optional<Path> file, boolean verified,
                              Instant started, Duration elapsed, boolean timedOut, List<Observation> observations,
                              String output) {
    public DownloadOutcome {
        observations = List.copyOf(observations);
        output = output == null ? "" : output;
    }

    /** Exit 0 with a file that is not the signed one: the worst outcome there is. */
    public boolean acceptedCorruptFile() {
        return exitCode == 0 && file.isPresent() && !verified;
    }

    public boolean succeeded() {
        return exitCode == 0 && verified;
    }
}
