package io.outagedrill.harness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one simulated client's download did, measured by the harness: the unit SLOs are judged on.
 *
 * @param succeeded        exit 0 and the harness's own hash of the file matched
 * @param acceptedCorrupt  exit 0 with a file whose hash is not the signed one
 * @param bytesWasted      bytes received and thrown away; null when the downloader does not report it
 * @param failovers        times work moved to another mirror after a failure
 * @param timeToFirstByte  null when unknown
 * @param switches         each mirror switch: "from -> to: why"
 * @param chunksRejectedBy mirror -> chunks it sent that failed their SHA-256
 * @param rejection        why the manifest was refused (the reason code), or null
 * @param progress         (time, verified bytes) samples, for the throughput chart
 * @param transfers        each chunk a mirror delivered: when it was asked, its time to first byte, when it was
 *                         verified; per-mirror time to first byte and transfer speed come from these
 */
public record DownloadRecord(String id, String group, String client, String policy, String file, long size,
                             Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                             boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts,
                             int failovers, Duration timeToFirstByte, List<String> switches,
                             Map<String, Integer> chunksRejectedBy, String rejection, List<Sample> progress,
                             List<ChunkServed> chunks, String output, List<ChunkTransfer> transfers) {

    public DownloadRecord {
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
    }

    /** A record without per-chunk transfers (downloaders that report no chunks, older record files). */
    public DownloadRecord(String id, String group, String client, String policy, String file, long size,
                          Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                          boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts, int failovers,
                          Duration timeToFirstByte, List<String> switches, Map<String, Integer> chunksRejectedBy,
                          String rejection, List<Sample> progress, List<ChunkServed> chunks, String output) {
        this(id, group, client, policy, file, size, started, ended, elapsed, exitCode, succeeded, acceptedCorrupt,
                timedOut, bytesWasted, attempts, failovers, timeToFirstByte, switches, chunksRejectedBy, rejection,
                progress, chunks, output, List.of());
    }

    /**
     * One chunk one mirror delivered.
     *
     * @param firstByteMillis time from the request to its response headers, or null when not reported
     */
    public record ChunkTransfer(int chunk, String mirror, Instant asked, Long firstByteMillis, Instant verified,
                                long bytes) {
        public Duration took() {
            return Duration.between(asked, verified);
        }
    }

    /** Verified bytes so far at a moment. */
    public record Sample(Instant at, long verifiedBytes) {
    }

    /** Which mirror served which chunk, and when: the per-client timeline chart. */
    public record ChunkServed(Instant at, int chunk, String mirror) {
    }

    public boolean inFlightAt(Instant moment) {
        return !started.isAfter(moment) && !ended.isBefore(moment);
    }

    /** Wasted bytes as a percentage of the file, 0 when not reported. */
    public double wastedPercent() {
        return bytesWasted == null || size == 0 ? 0 : 100.0 * bytesWasted / size;
    }
}
