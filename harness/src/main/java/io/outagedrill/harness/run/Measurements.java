package io.outagedrill.harness.run;

import io.outagedrill.harness.sut.Capability;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns one download's outcome and observations into the numbers SLOs are judged on. */
final class Measurements {
    private Measurements() {
    }

    /**
     * @param client  the name of the downloader as the run knows it (an adapter may report its delegate's)
     * @param reports what the adapter declares it can report; what was observed anyway is added
     */
    static DownloadRecord record(String group, String client, Set<Capability> reports, String policy,
                                 DownloadJob job, DownloadOutcome outcome) {
        Instant ended = outcome.started().plus(outcome.elapsed());
        Set<Capability> seen = EnumSet.noneOf(Capability.class);
        seen.addAll(reports);
        int attempts = 0;
        int mirrorFailures = 0;
        Duration ttfb = null;
        Long wasted = null;
        long rejectedBytes = 0;
        DownloadRecord.Rejection rejection = null;
        List<DownloadRecord.MirrorSwitch> switches = new ArrayList<>();
        List<DownloadRecord.ChunkRejection> rejected = new ArrayList<>();
        Map<String, Integer> rejectedBy = new TreeMap<>();
        List<DownloadRecord.Sample> progress = new ArrayList<>();
        List<DownloadRecord.ChunkServed> chunks = new ArrayList<>();
        long verified = 0;
        // Pairs each chunk's request, first byte and verification on one mirror (a hedge is another mirror).
        Map<String, Asked> asked = new HashMap<>();
        Map<String, Long> firstBytes = new HashMap<>();
        List<DownloadRecord.ChunkTransfer> transfers = new ArrayList<>();
        String firstRequestTo = null;
        Instant firstRequestAt = null;
        boolean startUpMetAFailure = false;
        for (Observation o : outcome.observations()) {
            switch (o) {
                case Observation.AttemptStarted a -> {
                    if (attempts == 0) {
                        firstRequestTo = a.mirror();
                        firstRequestAt = a.at();
                    }
                    attempts++;
                    // A chunk that came on the response of the one before is timed from when the response reached
                    // it (as the client times it, MirrorHealth.sampleThroughput).
                    asked.put(a.mirror() + "#" + a.chunk(), new Asked(a.at(), a.length()));
                    firstBytes.remove(a.mirror() + "#" + a.chunk());
                }
                case Observation.FirstByte f -> {
                    seen.add(Capability.FIRST_BYTE);
                    if (ttfb == null) {
                        ttfb = Duration.between(outcome.started(), f.at());
                    }
                    firstBytes.put(f.mirror() + "#" + f.chunk(), f.timeToFirstByte().toMillis());
                }
                case Observation.MirrorSwitched s -> {
                    seen.add(Capability.SWITCHES);
                    switches.add(new DownloadRecord.MirrorSwitch(s.at(), s.from(), s.to(), s.chunk(), s.reason()));
                }
                case Observation.MirrorFailed f -> {
                    seen.add(Capability.MIRROR_FAILURES);
                    mirrorFailures++;
                }
                case Observation.ChunkRejected r -> {
                    seen.add(Capability.WASTED_BYTES);
                    rejectedBy.merge(r.mirror(), 1, Integer::sum);
                    rejectedBytes += r.bytesWasted();
                    rejected.add(new DownloadRecord.ChunkRejection(r.at(), r.mirror(), r.chunk(), r.bytesWasted(),
                            r.reason().code(), r.reason().words()));
                }
                case Observation.ChunkVerified v -> {
                    seen.add(Capability.CHUNKS);
                    seen.add(Capability.PROGRESS);
                    String key = v.mirror() + "#" + v.chunk();
                    Asked start = asked.remove(key);
                    if (start != null) {
                        // An attempt that finished another's start brought only the rest of the chunk.
                        long brought = start.length() > 0 ? Math.min(start.length(), v.bytes()) : v.bytes();
                        transfers.add(new DownloadRecord.ChunkTransfer(v.chunk(), v.mirror(), start.at(),
                                firstBytes.remove(key), v.at(), brought));
                    }
                    verified += v.bytes();
                    progress.add(new DownloadRecord.Sample(v.at(), verified));
                    chunks.add(new DownloadRecord.ChunkServed(v.at(), v.chunk(), v.mirror()));
                }
                case Observation.Completed c -> {
                    seen.add(Capability.WASTED_BYTES);
                    wasted = c.bytesWasted();
                }
                case Observation.ManifestRejected m -> {
                    seen.add(Capability.MANIFEST_REJECTIONS);
                    // Any rejection before the first request (unreachable, bad signature, expired, rolled back):
                    // scenarios fault manifests in each of these ways, and the start-up spent on it is recovery.
                    startUpMetAFailure |= attempts == 0;
                    var latest = new DownloadRecord.Rejection(m.reason().code(), m.reason().words());
                    rejection = rejection == null ? latest : latest.after(rejection);
                }
                // Not part of the record: they explain a download's path, which the events above already show.
                // Listed rather than a default, so a new kind of observation is a compile error here, not lost.
                case Observation.MirrorAbandoned ignored -> { }
                case Observation.HedgeStarted ignored -> { }
                case Observation.Backoff ignored -> { }
                case Observation.Resumed ignored -> { }
                case Observation.Failed ignored -> { }
            }
        }
        if (wasted == null && !rejected.isEmpty()) {
            wasted = rejectedBytes;
        }
        return new DownloadRecord(job.id(), group, client, policy, job.fileName(), job.size(),
                outcome.started(), ended, outcome.elapsed(), outcome.exitCode(), outcome.succeeded(),
                outcome.acceptedCorruptFile(), outcome.timedOut(), wasted, attempts,
                failovers(reports, switches.size(), mirrorFailures), ttfb, switches, rejectedBy, rejection, progress,
                chunks, outcome.output(), transfers, rejected, seen, firstRequestTo, firstRequestAt,
                startUpMetAFailure);
    }

    /**
     * Switches the downloader reported; but a downloader that declares it reports failed mirrors and no switches (a
     * loop over the mirror list, as with curl) moves on after each failure, so each failure is a failover. Read
     * from the declaration, not from what this one download happened to show: a client that reports switches
     * and had none this time must not have its failures counted instead.
     */
    static int failovers(Set<Capability> reports, int switches, int mirrorFailures) {
        if (!reports.contains(Capability.SWITCHES) && reports.contains(Capability.MIRROR_FAILURES)) {
            return mirrorFailures;
        }
        return switches;
    }

    /** A chunk's request on one mirror: when, and how many bytes (-1: the whole file). */
    private record Asked(Instant at, long length) {
    }
}
