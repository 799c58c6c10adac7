package io.outagedrill.harness.sut;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.JsonLines;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** Maps the reference client's events (objects in-process, JSON lines from a child) to observations. */
final class Observations {
    private Observations() {
    }

    static Optional<Observation> of(DownloadEvent event, Instant at) {
        return Optional.ofNullable(switch (event) {
            case DownloadEvent.AttemptStarted e -> new Observation(at, Observation.Kind.ATTEMPT_STARTED, e.mirror(),
                    e.chunk(), e.length(), e.describe());
            case DownloadEvent.FirstByte e -> new Observation(at, Observation.Kind.FIRST_BYTE, e.mirror(), e.chunk(),
                    e.timeToFirstByte().toMillis(), e.describe());
            case DownloadEvent.ChunkVerified e -> new Observation(at, Observation.Kind.CHUNK_VERIFIED, e.mirror(),
                    e.chunk(), e.bytes(), e.describe());
            case DownloadEvent.ChunkRejected e -> new Observation(at, Observation.Kind.CHUNK_REJECTED, e.mirror(),
                    e.chunk(), e.bytesWasted(), e.kind() + ": " + e.reason());
            case DownloadEvent.MirrorFailed e -> new Observation(at, Observation.Kind.MIRROR_FAILED, e.mirror(), -1, 0,
                    e.kind() + ": " + e.reason());
            case DownloadEvent.MirrorSwitched e -> new Observation(at, Observation.Kind.MIRROR_SWITCHED, e.from(),
                    e.chunk(), 0, "to " + e.to() + ": " + e.reason());
            case DownloadEvent.MirrorAbandoned e -> new Observation(at, Observation.Kind.MIRROR_ABANDONED,
                    e.mirror(), -1, 0, e.reason());
            case DownloadEvent.HedgeStarted e -> new Observation(at, Observation.Kind.HEDGE_STARTED, e.fastMirror(),
                    e.chunk(), 0, e.describe());
            case DownloadEvent.BackoffStarted e -> new Observation(at, Observation.Kind.BACKOFF, e.mirror(), -1,
                    e.delay().toMillis(), e.reason());
            case DownloadEvent.Resumed e -> new Observation(at, Observation.Kind.RESUMED, "", -1, e.chunksKept(),
                    e.describe());
            case DownloadEvent.Completed e -> new Observation(at, Observation.Kind.COMPLETED, "", -1,
                    e.bytesWasted(), e.describe());
            case DownloadEvent.Failed e -> new Observation(at, Observation.Kind.FAILED, "", -1, 0, e.reason());
            case DownloadEvent.ManifestRejected e -> new Observation(at, Observation.Kind.MANIFEST_REJECTED,
                    e.source(), -1, 0, e.reason() + ": " + e.message());
            default -> null;
        });
    }

    /** A {@code --json} line from a reference client child process; other lines are ignored. */
    static Optional<Observation> ofJsonLine(String line, Instant at) {
        if (!line.startsWith("{\"event\":")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JsonLines.parse(line);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        String mirror = node.path("mirror").asText(node.path("from").asText(node.path("source").asText("")));
        int chunk = node.path("chunk").asInt(-1);
        String detail = node.path("message").asText("");
        Observation.Kind kind = switch (node.path("event").asText()) {
            case "attempt-started" -> Observation.Kind.ATTEMPT_STARTED;
            case "first-byte" -> Observation.Kind.FIRST_BYTE;
            case "chunk-verified" -> Observation.Kind.CHUNK_VERIFIED;
            case "chunk-rejected" -> Observation.Kind.CHUNK_REJECTED;
            case "mirror-failed" -> Observation.Kind.MIRROR_FAILED;
            case "mirror-switched" -> Observation.Kind.MIRROR_SWITCHED;
            case "mirror-abandoned" -> Observation.Kind.MIRROR_ABANDONED;
            case "hedge-started" -> Observation.Kind.HEDGE_STARTED;
            case "backoff-started" -> Observation.Kind.BACKOFF;
            case "resumed" -> Observation.Kind.RESUMED;
            case "completed" -> Observation.Kind.COMPLETED;
            case "failed" -> Observation.Kind.FAILED;
            case "manifest-rejected" -> Observation.Kind.MANIFEST_REJECTED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        if (kind == Observation.Kind.MANIFEST_REJECTED) {
            detail = node.path("reason").asText() + ": " + node.path("message").asText();
        } else if (kind == Observation.Kind.MIRROR_FAILED || kind == Observation.Kind.CHUNK_REJECTED) {
            detail = node.path("kind").asText() + ": " + node.path("reason").asText();
        }
        long bytes = node.path("bytesWasted").asLong(node.path("bytes").asLong(node.path("length").asLong(0)));
        return Optional.of(new Observation(at, kind, mirror, chunk, bytes, detail));
    }
}
