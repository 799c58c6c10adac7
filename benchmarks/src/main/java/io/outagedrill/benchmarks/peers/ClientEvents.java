package io.outagedrill.benchmarks.peers;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.events.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few of {@code drill get --json}'s events that the recovery figures need, read back from the file its stdout
 * went to ({@link JsonLines} writes one object per line, {@code "at"} from the client's wall clock, which is the
 * bench's too: both read the system clock of one machine).
 */
sealed interface ClientEvents {
    Instant at();

    /** The first response bytes of a chunk ({@code first-byte}): the download is under way. */
    record FirstByte(Instant at) implements ClientEvents {
    }

    /** The client's periodic tick ({@code progress}, every 250 ms by default): bytes received so far, all mirrors. */
    record Progress(Instant at, long bytesReceived) implements ClientEvents {
    }

    /**
     * The client moved work off {@code mirror}: {@code mirror-failed}, {@code chunk-rejected},
     * {@code mirror-abandoned} (its {@code mirror}), {@code mirror-switched} (its {@code from}) or
     * {@code hedge-started} (its {@code slowMirror}).
     */
    record MovedOff(Instant at, String mirror, String type) implements ClientEvents {
    }

    /**
     * An attempt at {@code chunk} began on {@code mirror}, the one asked ({@code attempt-started}; each chunk of a
     * run that shares one response gets its own).
     */
    record AttemptStarted(Instant at, String mirror, int chunk) implements ClientEvents {
    }

    /**
     * {@code chunk} matched its hash ({@code chunk-verified}), served by {@code mirror} (after a redirect not the one
     * asked; a mirror sending its whole file verifies chunks no attempt was started for).
     */
    record ChunkVerified(Instant at, String mirror, int chunk) implements ClientEvents {
    }

    /** The file was verified and in place ({@code completed}). */
    record Completed(Instant at) implements ClientEvents {
    }

    /** Reads the events out of a run's stdout; lines that are not JSON objects (none are expected) are skipped. */
    static List<ClientEvents> read(Path jsonLines) throws IOException {
        List<ClientEvents> events = new ArrayList<>();
        for (String line : Files.readAllLines(jsonLines, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                of(JsonLines.parse(line)).ifPresent(events::add);
            }
        }
        return events;
    }

    /** The event a JSON line stands for, when it is one of those kept. */
    static Optional<ClientEvents> of(JsonNode node) {
        String type = node.path("event").asText();
        JsonNode atNode = node.get("at");
        if (atNode == null) {
            return Optional.empty();
        }
        Instant at = Instant.parse(atNode.asText());
        return Optional.ofNullable(switch (type) {
            case "first-byte" -> new FirstByte(at);
            case "progress" -> new Progress(at, node.path("bytesReceived").asLong());
            case "attempt-started" -> new AttemptStarted(at, node.path("mirror").asText(), node.path("chunk").asInt());
            case "chunk-verified" -> new ChunkVerified(at, node.path("mirror").asText(), node.path("chunk").asInt());
            case "mirror-failed", "chunk-rejected", "mirror-abandoned" ->
                    new MovedOff(at, node.path("mirror").asText(), type);
            case "mirror-switched" -> new MovedOff(at, node.path("from").asText(), type);
            case "hedge-started" -> new MovedOff(at, node.path("slowMirror").asText(), type);
            case "completed" -> new Completed(at);
            default -> null;
        });
    }
}
