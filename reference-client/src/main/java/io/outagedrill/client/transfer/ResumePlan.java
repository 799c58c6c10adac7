package io.outagedrill.client.transfer;

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
import java.util.BitSet;
import java.util.Map;

/**
 * What a previous run left behind is worth: its verified chunks when its journal describes the same content,
 * nothing otherwise. A part file without a journal, a damaged journal (refused, saying why), or a journal of other
 * content (a new version of the file) starts the download over: chunks of two versions are never mixed (TUF's mix-and-match attack).
 */
final class ResumePlan {
    private final PartFile part;
    private final Target target;
    private final VerifiedManifest manifest;
    private final DownloadListener listener;
    private final Clock clock;

    ResumePlan(PartFile part, Target target, VerifiedManifest manifest, DownloadListener listener, Clock clock) {
        this.part = part;
        this.target = target;
        this.manifest = manifest;
        this.listener = listener;
        this.clock = clock;
    }

    /** The journal state to continue from (with the mirrors' ETags), after clearing whatever cannot be kept. */
    JournalState decide() throws IOException {
        Journal journal = Journal.beside(part.path());
        String contentId = contentId(target);
        JournalState fresh = new JournalState(target.file(), manifest.digest(), manifest.manifest().version(),
                contentId, target.size(), target.chunkSize(), new BitSet(), Map.of());
        JournalRead read = journal.read();
        if (read instanceof JournalRead.Refused refused) {
            journal.delete();
            part.channel().truncate(0);
            listener.on(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(),
                    "refused the resume journal: %s; the bytes in %s are not used".formatted(refused.reason(),
                            part.path().getFileName())));
            return fresh;
        }
        if (!(read instanceof JournalRead.Found found)) {
            if (part.channel().size() > 0) {
                part.channel().truncate(0);
                listener.on(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(),
                        "found %s without a journal, so none of its bytes can be trusted".formatted(part.path())));
            }
            return fresh;
        }
        JournalState old = found.state();
        if (!old.contentId().equals(contentId) || old.size() != target.size()
                || old.chunkSize() != target.chunkSize()) {
            part.channel().truncate(0);
            journal.delete();
            listener.on(new DownloadEvent.RestartedFromScratch(clock.instant(), target.file(),
                    ("the manifest changed (version %d, now %d) and describes different content; "
                            + "never mixing chunks of two versions").formatted(old.manifestVersion(),
                            manifest.manifest().version())));
            return fresh;
        }
        BitSet kept = old.verified();
        kept.clear(target.chunkCount(), Math.max(target.chunkCount(), kept.length()));
        if (kept.cardinality() > 0) {
            listener.on(new DownloadEvent.Resumed(clock.instant(), target.file(), kept.cardinality(),
                    target.chunkCount()));
        }
        return new JournalState(target.file(), manifest.digest(), manifest.manifest().version(), contentId,
                target.size(), target.chunkSize(), kept, old.etags());
    }

    /** Identity of the bytes: two manifests with the same id describe the same file, chunk for chunk. */
    static String contentId(Target target) {
        MessageDigest digest = Sha256.newDigest();
        digest.update("%d|%d|%s".formatted(target.size(), target.chunkSize(), target.sha256())
                .getBytes(StandardCharsets.US_ASCII));
        for (String chunk : target.chunks()) {
            digest.update(("|" + chunk).getBytes(StandardCharsets.US_ASCII));
        }
        return Sha256.hex(digest.digest());
    }
}
