package io.outagedrill.harness.sut;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.Printable;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.JsonLines;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Maps the reference client's events (objects in-process, {@code --json} lines from a child) to observations.
 * Both paths give the same observation for the same event: a failure's code is its {@code FailureKind} name, a
 * manifest refusal's code its reason.
 */
final class Observations {
    private Observations() {
    }

    static Optional<Observation> of(DownloadEvent event, Instant at) {
        return Optional.ofNullable(switch (event) {
            case DownloadEvent.AttemptStarted e -> new Observation.AttemptStarted(at, e.mirror(), e.chunk(),
                    e.length());
            case DownloadEvent.FirstByte e -> new Observation.FirstByte(at, e.mirror(), e.chunk(),
                    e.timeToFirstByte());
            case DownloadEvent.ChunkVerified e -> new Observation.ChunkVerified(at, e.mirror(), e.chunk(), e.bytes());
            case DownloadEvent.ChunkRejected e -> new Observation.ChunkRejected(at, e.mirror(), e.chunk(),
                    e.bytesWasted(), new Observation.Reason(e.kind().name(), e.reason()));
            case DownloadEvent.MirrorFailed e -> new Observation.MirrorFailed(at, e.mirror(),
                    new Observation.Reason(e.kind().name(), e.reason()));
            case DownloadEvent.MirrorSwitched e -> new Observation.MirrorSwitched(at, e.from(), e.to(), e.chunk(),
                    e.reason());
            case DownloadEvent.MirrorAbandoned e -> new Observation.MirrorAbandoned(at, e.mirror(), e.reason());
            case DownloadEvent.HedgeStarted e -> new Observation.HedgeStarted(at, e.slowMirror(), e.fastMirror(),
                    e.chunk());
            case DownloadEvent.BackoffStarted e -> new Observation.Backoff(at, e.mirror(), e.delay(), e.reason());
            case DownloadEvent.Resumed e -> new Observation.Resumed(at, e.chunksKept());
            case DownloadEvent.Completed e -> new Observation.Completed(at, e.bytesWasted());
            case DownloadEvent.Failed e -> new Observation.Failed(at, e.reason());
            case DownloadEvent.ManifestRejected e -> new Observation.ManifestRejected(at, e.source(),
                    new Observation.Reason(e.reason(), e.message()));
            default -> null;
        });
    }

    /**
     * A {@code --json} line from a reference client child process (fields as {@link JsonLines} writes them:
     * durations in milliseconds); other lines, and events the harness does not measure, are ignored.
     */
    static Optional<Observation> ofJsonLine(String line, Instant at) {
        if (!line.startsWith("{\"event\":")) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JsonLines.parse(line);
        } catch (IOException notJson) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (n.path("event").asText()) {
            case "attempt-started" -> new Observation.AttemptStarted(at, text(n, "mirror"), chunk(n),
                    n.path("length").asLong(0));
            case "first-byte" -> new Observation.FirstByte(at, text(n, "mirror"), chunk(n),
                    millis(n, "timeToFirstByte"));
            case "chunk-verified" -> new Observation.ChunkVerified(at, text(n, "mirror"), chunk(n),
                    n.path("bytes").asLong(0));
            case "chunk-rejected" -> new Observation.ChunkRejected(at, text(n, "mirror"), chunk(n),
                    n.path("bytesWasted").asLong(0), failure(n));
            case "mirror-failed" -> new Observation.MirrorFailed(at, text(n, "mirror"), failure(n));
            case "mirror-switched" -> new Observation.MirrorSwitched(at, text(n, "from"), text(n, "to"), chunk(n),
                    text(n, "reason"));
            case "mirror-abandoned" -> new Observation.MirrorAbandoned(at, text(n, "mirror"), text(n, "reason"));
            case "hedge-started" -> new Observation.HedgeStarted(at, text(n, "slowMirror"), text(n, "fastMirror"),
                    chunk(n));
            case "backoff-started" -> new Observation.Backoff(at, text(n, "mirror"), millis(n, "delay"),
                    text(n, "reason"));
            case "resumed" -> new Observation.Resumed(at, n.path("chunksKept").asInt(0));
            case "completed" -> new Observation.Completed(at, n.path("bytesWasted").asLong(0));
            case "failed" -> new Observation.Failed(at, text(n, "reason"));
            case "manifest-rejected" -> new Observation.ManifestRejected(at, text(n, "source"),
                    new Observation.Reason(text(n, "reason"), text(n, "message")));
            default -> null;
        });
    }

    private static Observation.Reason failure(JsonNode n) {
        return new Observation.Reason(text(n, "kind"), text(n, "reason"));
    }

    /** A field as the downloader wrote it, its control characters written out ({@link Printable}). */
    private static String text(JsonNode n, String field) {
        return Printable.of(n.path(field).asText(""));
    }

    private static int chunk(JsonNode n) {
        return n.path("chunk").asInt(-1);
    }

    private static Duration millis(JsonNode n, String field) {
        return Duration.ofMillis(n.path(field).asLong(0));
    }
}
