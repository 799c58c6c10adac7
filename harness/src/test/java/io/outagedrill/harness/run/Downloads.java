package io.outagedrill.harness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-made download records and fault windows on a timeline counted in seconds from {@link #T0}. */
final class Downloads {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Downloads() {
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /** A successful download from {@code from} to {@code to} that verified one chunk at each of {@code chunksAt}. */
    static DownloadRecord download(String id, double from, double to, double... chunksAt) {
        List<DownloadRecord.Sample> progress = new java.util.ArrayList<>();
        long verified = 0;
        for (double chunk : chunksAt) {
            verified += 1 << 20;
            progress.add(new DownloadRecord.Sample(at(chunk), verified));
        }
        return new DownloadRecord(id, "clients-1", "reference", "adaptive", "video.mp4", verified, at(from), at(to),
                Duration.between(at(from), at(to)), 0, true, false, false, 0L, 1, 0, null, List.of(), Map.of(), null,
                progress, List.of(), null);
    }

    /** {@code d} as a downloader that reports its requests says it: its first request went to {@code mirror}. */
    static DownloadRecord firstAsked(DownloadRecord d, String mirror, double seconds) {
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                d.ended(), d.elapsed(), d.exitCode(), d.succeeded(), d.acceptedCorrupt(), d.timedOut(),
                d.bytesWasted(), d.attempts(), d.failovers(), d.timeToFirstByte(), d.switches(),
                d.chunksRejectedBy(), d.rejection(), d.progress(), d.chunks(), d.output(), d.transfers(),
                d.rejectedChunks(), d.reports(), mirror, at(seconds));
    }

    /** {@code d} as recorded when a manifest copy was rejected before its first request. */
    static DownloadRecord startUpMetAFailure(DownloadRecord d) {
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                d.ended(), d.elapsed(), d.exitCode(), d.succeeded(), d.acceptedCorrupt(), d.timedOut(),
                d.bytesWasted(), d.attempts(), d.failovers(), d.timeToFirstByte(), d.switches(),
                d.chunksRejectedBy(), d.rejection(), d.progress(), d.chunks(), d.output(), d.transfers(),
                d.rejectedChunks(), d.reports(), d.firstRequestTo(), d.firstRequestAt(), true);
    }

    /** {@code d} as recorded when its downloader failed with {@code exitCode} (its progress kept). */
    static DownloadRecord failed(DownloadRecord d, int exitCode) {
        return new DownloadRecord(d.id(), d.group(), d.client(), d.policy(), d.file(), d.size(), d.started(),
                d.ended(), d.elapsed(), exitCode, false, false, false, 0L, 1, 0, null, List.of(), Map.of(), null,
                d.progress(), List.of(), null);
    }

    /** A download refused before any byte: exit {@code exitCode}, the manifest rejected with {@code code}. */
    static DownloadRecord rejected(String id, int exitCode, String code) {
        return new DownloadRecord(id, "clients-1", "reference", "adaptive", "video.mp4", 0, at(0), at(1),
                Duration.ofSeconds(1), exitCode, false, false, false, 0L, 0, 0, null, List.of(), Map.of(),
                new DownloadRecord.Rejection(code, "refused"), List.of(), List.of(), null);
    }

    static FaultWindow window(String id, double from, Double to) {
        return new FaultWindow(id, "toxic.timeout", "cloudflare", null, at(from), to == null ? null : at(to));
    }
}
