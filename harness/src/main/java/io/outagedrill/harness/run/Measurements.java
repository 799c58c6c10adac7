package io.outagedrill.harness.run;

import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns one download's outcome and observations into the numbers SLOs are judged on. */
final class Measurements {
    private Measurements() {
    }

    /** @param client the name of the downloader as the run knows it (an adapter may report its delegate's) */
    static DownloadRecord record(String group, String client, String policy, DownloadJob job,
                                 DownloadOutcome outcome) {
        List<Observation> seen = outcome.observations();
        Instant ended = outcome.started().plus(outcome.elapsed());
        int attempts = 0;
        int failovers = 0;
        Duration ttfb = null;
        Long wasted = null;
        long rejectedBytes = 0;
        boolean reportsBytes = false;
        String rejection = null;
        List<String> switches = new ArrayList<>();
        Map<String, Integer> rejectedBy = new TreeMap<>();
        List<DownloadRecord.Sample> progress = new ArrayList<>();
        List<DownloadRecord.ChunkServed> chunks = new ArrayList<>();
        long verified = 0;
        // Pairs each chunk's request, first byte and verification on one mirror (a hedge is another mirror).
        Map<String, Instant> asked = new java.util.HashMap<>();
        Map<String, Long> firstBytes = new java.util.HashMap<>();
        List<DownloadRecord.ChunkTransfer> transfers = new ArrayList<>();
        for (Observation o : seen) {
            String key = o.mirror() + "#" + o.chunk();
            switch (o.kind()) {
                case ATTEMPT_STARTED -> {
                    attempts++;
                    asked.put(key, o.at());
                    firstBytes.remove(key);
                }
                case FIRST_BYTE -> {
                    if (ttfb == null) {
                        ttfb = Duration.between(outcome.started(), o.at());
                    }
                    firstBytes.put(key, o.bytes());
                }
                case MIRROR_SWITCHED -> {
                    failovers++;
                    switches.add(o.mirror() + " -> " + o.detail());
                }
                case CHUNK_REJECTED -> {
                    rejectedBy.merge(o.mirror(), 1, Integer::sum);
                    rejectedBytes += o.bytes();
                    reportsBytes = true;
                }
                case CHUNK_VERIFIED -> {
                    Instant start = asked.remove(key);
                    if (start != null) {
                        transfers.add(new DownloadRecord.ChunkTransfer(o.chunk(), o.mirror(), start,
                                firstBytes.remove(key), o.at(), o.bytes()));
                    }
                    verified += o.bytes();
                    progress.add(new DownloadRecord.Sample(o.at(), verified));
                    chunks.add(new DownloadRecord.ChunkServed(o.at(), o.chunk(), o.mirror()));
                }
                case COMPLETED -> wasted = o.bytes();
                case MANIFEST_REJECTED -> rejection = o.detail().split(":", 2)[0];
                default -> { }
            }
        }
        if (wasted == null && reportsBytes) {
            wasted = rejectedBytes;
        }
        if (client.startsWith("curl")) {
            // The seed loop moves on after a failed mirror: each move is a failover.
            failovers = (int) seen.stream().filter(o -> o.kind() == Observation.Kind.MIRROR_FAILED).count();
        }
        return new DownloadRecord(job.id(), group, client, policy, job.fileName(), job.size(),
                outcome.started(), ended, outcome.elapsed(), outcome.exitCode(), outcome.succeeded(),
                outcome.acceptedCorruptFile(), outcome.timedOut(), wasted, attempts, failovers, ttfb, switches,
                rejectedBy, rejection, progress, chunks, outcome.output(), transfers);
    }

    /**
     * How long after {@code moment} the download made verified progress again: the next verified chunk, or its
     * successful end for downloaders that report no chunks. Null when it never did.
     */
    static Duration recoveryAfter(DownloadRecord download, Instant moment) {
        for (DownloadRecord.Sample sample : download.progress()) {
            if (!sample.at().isBefore(moment)) {
                return Duration.between(moment, sample.at());
            }
        }
        return download.succeeded() ? Duration.between(moment, download.ended()) : null;
    }
}
