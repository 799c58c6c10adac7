package io.outagedrill.client.transfer.disk;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.Journal;
import io.outagedrill.client.store.JournalRead;
import io.outagedrill.client.store.JournalState;
import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What a previous run left behind is worth. A part file without a journal, a journal that is damaged, or a journal
 * of other content (a new version of the file) starts the download over: chunks of two versions are never mixed
 * (TUF's mix-and-match attack). Otherwise each chunk the journal marks verified is hashed again as the part file
 * holds it, and kept only if it matches its signed SHA-256: a journal can claim chunks the part file lost (a
 * truncated or replaced file) or never had (a forged journal), and either way the next run must converge, not fail.
 *
 * <p>ETags of the earlier run are not carried over. They are a hint that a mirror still serves the same bytes, and
 * a redeploy after a crash changes them without changing the bytes; sent as If-Range they would turn every ranged
 * request into a whole-file answer, and compared they would drop good mirrors. The signed chunk hashes decide,
 * and within one run a changed ETag is still noticed by the range fetcher.
 */
public final class ResumePlan {
    private final PartFile part;
    private final Target target;
    private final VerifiedManifest manifest;
    private final DownloadListener listener;
    private final Clock clock;

    public ResumePlan(PartFile part, Target target, VerifiedManifest manifest, DownloadListener listener, Clock clock) {
        this.part = part;
        this.target = target;
        this.manifest = manifest;
        this.listener = listener;
        this.clock = clock;
    }

    /** The journal state to continue from, after clearing whatever cannot be kept. */
    public JournalState decide() throws IOException {
        Journal journal = Journal.beside(part.path());
        String contentId = contentId(target);
        JournalState fresh = new JournalState(target.file(), manifest.digest(), manifest.manifest().version(),
                contentId, target.size(), target.chunkSize(), new BitSet(), Map.of());
        return switch (journal.read()) {
            case JournalRead.Missing missing -> {
                if (part.channel().size() > 0) {
                    startOver("found %s without a journal, so none of its bytes can be trusted"
                            .formatted(part.path()));
                }
                yield fresh;
            }
            case JournalRead.Refused refused -> {
                journal.delete();
                startOver("refused the resume journal: %s; the bytes in %s are not used".formatted(refused.reason(),
                        part.path().getFileName()));
                yield fresh;
            }
            case JournalRead.Found found -> keepWhatMatches(found.state(), journal, fresh);
        };
    }

    private JournalState keepWhatMatches(JournalState old, Journal journal, JournalState fresh) throws IOException {
        if (!old.contentId().equals(fresh.contentId()) || old.size() != target.size()
                || old.chunkSize() != target.chunkSize()) {
            journal.delete();
            startOver(("the manifest changed (version %d, now %d) and describes different content; "
                    + "never mixing chunks of two versions").formatted(old.manifestVersion(),
                    manifest.manifest().version()));
            return fresh;
        }
        BitSet claimed = old.verified();
        claimed.clear(target.chunkCount(), Math.max(target.chunkCount(), claimed.length()));
        BitSet kept = new BitSet();
        List<Integer> refused = new ArrayList<>();
        ChunksOnDisk disk = new ChunksOnDisk(part, target);
        for (int i = claimed.nextSetBit(0); i >= 0; i = claimed.nextSetBit(i + 1)) {
            if (disk.matches(i)) {
                kept.set(i);
            } else {
                refused.add(i);
            }
        }
        if (!refused.isEmpty()) {
            listener.on(new DownloadEvent.ChunksDiscarded(clock.instant(), target.file(), refused.size(),
                    claimed.cardinality(), "missing from %s (%d bytes) or no longer match their signed SHA-256 (chunks %s)"
                    .formatted(part.path().getFileName(), part.channel().size(), ranges(refused))));
        }
        if (kept.cardinality() > 0) {
            listener.on(new DownloadEvent.Resumed(clock.instant(), target.file(), kept.cardinality(),
                    target.chunkCount()));
        }
        return new JournalState(target.file(), manifest.digest(), manifest.manifest().version(), fresh.contentId(),
                target.size(), target.chunkSize(), kept, Map.of());
    }

    private void startOver(String reason) throws IOException {
        part.channel().truncate(0);
        listener.on(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(), reason));
    }

    /** {@code 2, 5-9}: chunk numbers, runs shortened. */
    static String ranges(List<Integer> sorted) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            runs.add(i == j ? String.valueOf(sorted.get(i)) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(", ", runs);
    }

    /** Identity of the bytes: two manifests with the same id describe the same file, chunk for chunk. */
    public static String contentId(Target target) {
        MessageDigest digest = Sha256.newDigest();
        // Concatenated, not formatted: %d writes the locale's digits (not ASCII in some locales), and this is the
        // first use of Formatter on the way to the first request (about 3 ms of interpreted set-up).
        digest.update((target.size() + "|" + target.chunkSize() + "|" + target.sha256())
                .getBytes(StandardCharsets.US_ASCII));
        for (String chunk : target.chunks()) {
            digest.update(("|" + chunk).getBytes(StandardCharsets.US_ASCII));
        }
        return Sha256.hex(digest.digest());
    }
}
