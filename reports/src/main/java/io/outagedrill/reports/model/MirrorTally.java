package io.outagedrill.reports.model;

import io.outagedrill.harness.run.DownloadRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-mirror numbers from what the records hold. Derivable: chunks and bytes each mirror delivered
 * ({@code chunks} pairs index by index with {@code progress}, both written on each verified chunk, so a chunk's
 * bytes are the step in verified bytes), chunks it sent that failed their hash ({@code chunksRejectedBy}) and
 * switches away from it ({@code switches}), and from each chunk's transfer ({@code transfers}: its request, first
 * byte and verification on one mirror) the mirror's time to first byte and throughput ({@link #DERIVATION}).
 */
public final class MirrorTally {
    public static final String DERIVATION = "Per-mirror numbers are derived from the run records: chunks and bytes "
            + "served come from the verified-chunk timeline; success rate = verified chunks ÷ (verified + chunks "
            + "rejected for a bad hash + switches away from the mirror); delivered rate = bytes the mirror delivered "
            + "÷ wall time of the downloads it served (its contribution, not its link speed); time to first byte = "
            + "median over its responses, request to response headers; throughput = bytes of its verified chunks "
            + "÷ the time those chunks took from request to verification, a chunk that came on the response of "
            + "the one before from when the response reached it (clients that report no chunks, as their adapters "
            + "declare, contribute neither).";

    private final Map<String, long[]> tallies = new TreeMap<>();   // served, bytes, rejected, switchedAway, millis,
                                                                   // transferred bytes, transfer millis
    private final Map<String, List<Double>> firstBytes = new TreeMap<>();

    public static List<MirrorStats> of(List<DownloadRecord> downloads) {
        MirrorTally tally = new MirrorTally();
        downloads.forEach(tally::add);
        return tally.stats();
    }

    void add(DownloadRecord d) {
        Set<String> served = new HashSet<>();
        long previous = 0;
        for (int i = 0; i < d.chunks().size(); i++) {
            DownloadRecord.ChunkServed chunk = d.chunks().get(i);
            long verified = i < d.progress().size() ? d.progress().get(i).verifiedBytes() : previous;
            long[] t = tally(chunk.mirror());
            t[0]++;
            t[1] += Math.max(0, verified - previous);
            previous = verified;
            served.add(chunk.mirror());
        }
        d.chunksRejectedBy().forEach((mirror, count) -> tally(mirror)[2] += count);
        d.switches().forEach(sw -> tally(sw.from())[3]++);
        for (String mirror : served) {
            tally(mirror)[4] += d.elapsed().toMillis();
        }
        for (DownloadRecord.ChunkTransfer t : d.transfers()) {
            long[] m = tally(t.mirror());
            m[5] += t.bytes();
            m[6] += Math.max(1, t.took().toMillis());
            if (t.firstByteMillis() != null) {
                firstBytes.computeIfAbsent(t.mirror(), k -> new ArrayList<>()).add(t.firstByteMillis().doubleValue());
            }
        }
    }

    private long[] tally(String mirror) {
        return tallies.computeIfAbsent(mirror, m -> new long[7]);
    }

    List<MirrorStats> stats() {
        List<MirrorStats> out = new ArrayList<>();
        tallies.forEach((mirror, t) -> {
            long attempts = t[0] + t[2] + t[3];
            Double success = attempts == 0 ? null : (double) t[0] / attempts;
            Double rate = t[4] == 0 || t[0] == 0 ? null : t[1] / (t[4] / 1000.0);
            List<Double> ttfbs = firstBytes.getOrDefault(mirror, List.of());
            Double ttfb = ttfbs.isEmpty() ? null : Percentiles.nearestRank(ttfbs.stream().sorted().toList(), 50);
            Double throughput = t[6] == 0 ? null : t[5] / (t[6] / 1000.0);
            out.add(new MirrorStats(mirror, (int) t[0], t[1], (int) t[2], (int) t[3], success, rate, ttfb,
                    throughput));
        });
        return out;
    }
}
