package io.outagedrill.client.events;

import io.outagedrill.client.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the client does that a user or the harness may want to see, timestamped from the client's clock.
 * {@link #describe()} gives the plain-words line the CLI prints; {@code --json} prints the record's fields
 * with {@code "event": type()}. Mirrors are named by host ("fastly.test").
 */
public sealed interface DownloadEvent {

    Instant at();

    /** Plain words for a person. */
    String describe();

    /** The name used in JSON lines ({@code "event"}), e.g. {@code chunk-rejected}. */
    default String type() {
        String simple = getClass().getSimpleName();
        return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code routed}: the mirrors' order is a routing controller's, which reads the providers' status pages itself,
     * so this download keeps that order and reads none ({@link io.outagedrill.client.manifest.Manifest#routed}).
     */
    record ManifestAccepted(Instant at, String file, long size, long version, String keyId, boolean signed,
                            String source, boolean routed) implements DownloadEvent {
        /** A manifest in its publisher's own order. */
        public ManifestAccepted(Instant at, String file, long size, long version, String keyId, boolean signed,
                                String source) {
            this(at, file, size, version, keyId, signed, source, false);
        }

        public String describe() {
            // Concatenated, not formatted: every download prints this line before its first request, and a
            // Formatter's first %d loads the locale's number formats (a few ms of the start).
            return (signed
                    ? "manifest for " + file + " v" + version + " accepted from " + source + " (signed by key " + keyId
                            + ")"
                    : "UNSIGNED manifest for " + file + " read from " + source
                            + ": sizes and hashes are only as trustworthy as that file")
                    + (routed ? "; its mirror order is a routing controller's, kept as it is" : "");
        }
    }

    /** A manifest kept from an earlier run, still within its expiry, used at once while a newer one is fetched. */
    record ManifestFromCache(Instant at, String file, long version, Instant expires, Path from)
            implements DownloadEvent {
        public String describe() {
            return "using the manifest of %s kept from an earlier run (version %d, valid until %s) while checking "
                    .formatted(file, version, expires) + "for a newer one";
        }
    }

    /** The background fetch after {@link ManifestFromCache} ended: a newer manifest is kept for the next run. */
    record ManifestRevalidated(Instant at, String file, long version, boolean newer, String outcome)
            implements DownloadEvent {
        public String describe() {
            if (newer) {
                return "a newer manifest of %s (version %d) is kept for the next download".formatted(file, version);
            }
            // "unchanged" when a copy was fetched and matched; otherwise why none could be (nothing was checked).
            return outcome.equals("unchanged") ? "the manifest of %s is current".formatted(file)
                    : "could not check for a newer manifest of %s (%s); the kept version %d stays in use"
                    .formatted(file, outcome, version);
        }
    }

    record ManifestRejected(Instant at, String source, String reason, String message) implements DownloadEvent {
        public String describe() {
            return "manifest from %s rejected: %s".formatted(source, message);
        }
    }

    record Resumed(Instant at, String file, int chunksKept, int chunksTotal) implements DownloadEvent {
        public String describe() {
            return "resuming %s: %d of %d chunks already verified".formatted(file, chunksKept, chunksTotal);
        }
    }

    record RestartedFromScratch(Instant at, String file, String reason) implements DownloadEvent {
        public String describe() {
            return "starting %s over: %s".formatted(file, reason);
        }
    }

    /**
     * Some chunks the journal marks verified are not on disk as signed (the part file was truncated, or edited):
     * those are fetched again and the rest kept, so a {@link Resumed} follows when any are. Not a
     * {@link RestartedFromScratch}: nothing else is thrown away.
     *
     * @param reason where they went, and which: "missing from video.mp4.part (12582912 bytes) or no longer match
     *               their signed SHA-256 (chunks 3-10)"
     */
    record ChunksDiscarded(Instant at, String file, int discarded, int claimed, String reason)
            implements DownloadEvent {
        public String describe() {
            return "fetching %d of the %d chunk(s) of %s the journal marks verified again: they are %s"
                    .formatted(discarded, claimed, file, reason);
        }
    }

    /**
     * The destination already holds the file the manifest describes (its size and SHA-256 checked): nothing is
     * fetched, and {@code completed} follows. Said so that a run that fetched nothing does not read as a download.
     */
    record AlreadyInPlace(Instant at, String file, Path path) implements DownloadEvent {
        public String describe() {
            return "%s is already in place at %s, its SHA-256 verified: nothing to fetch".formatted(file, path);
        }
    }

    record CacheHit(Instant at, String file, String sha256, Path from) implements DownloadEvent {
        public String describe() {
            return "%s served from the local cache (%s)".formatted(file, from);
        }
    }

    /** A verified file the cache did not keep: larger than the whole limit, or the cache folder failed. */
    record CacheSkipped(Instant at, String file, long size, String reason) implements DownloadEvent {
        public String describe() {
            return "%s not kept in the local cache: %s".formatted(file, reason);
        }
    }

    /** Storing a file took the cache over its limit, so the least recently used files left it. */
    record CacheEvicted(Instant at, int files, long bytes, long limit) implements DownloadEvent {
        public String describe() {
            return "local cache over its %s limit: removed the %d least recently used file%s (%s)"
                    .formatted(ByteSize.format(limit), files, files == 1 ? "" : "s", ByteSize.format(bytes));
        }
    }

    /** A cache entry whose bytes no longer match its hash (damaged disk, truncated copy): removed, not served. */
    record CacheEntryDropped(Instant at, String sha256, String reason) implements DownloadEvent {
        public String describe() {
            return "local cache entry %s… is damaged (%s); removed it instead of serving it"
                    .formatted(sha256.substring(0, Math.min(12, sha256.length())), reason);
        }
    }

    /**
     * A provider's status page, read before the download (or, when it answered after the wait for the pages,
     * while the download runs). {@code indicator} is Statuspage's own word: none, minor,
     * major or critical; {@code triedLast} says the provider's mirrors were moved behind the others for it.
     */
    record StatusFeedRead(Instant at, String provider, List<String> mirrors, String indicator, String description,
                          boolean triedLast) implements DownloadEvent {
        public String describe() {
            String what = switch (indicator) {
                case "none" -> "no incident";
                case "minor" -> "a minor incident";
                case "major" -> "a major outage";
                default -> "a critical outage";
            };
            String quoted = description.isEmpty() ? "" : " (\"%s\")".formatted(description);
            String then = triedLast ? "; trying it last" : indicator.equals("none") ? "" : "; order unchanged";
            return "%s: its status page reports %s%s%s".formatted(String.join(", ", mirrors), what, quoted, then);
        }
    }

    /** A status page that failed, timed out or said nothing readable: the mirror order is left as it was. */
    record StatusFeedIgnored(Instant at, String provider, List<String> mirrors, String url, String reason)
            implements DownloadEvent {
        public String describe() {
            return "%s: status page %s ignored (%s); order unchanged".formatted(String.join(", ", mirrors), url, reason);
        }
    }

    /**
     * A chunk is being fetched. {@code sharedResponse}: its bytes come on a response already open for the chunk
     * before it (one ranged request asked for several chunks in a row), so no request was sent for it.
     */
    record AttemptStarted(Instant at, String mirror, int chunk, long offset, long length, int attempt,
                          boolean sharedResponse) implements DownloadEvent {
        /** A chunk with a request of its own. */
        public AttemptStarted(Instant at, String mirror, int chunk, long offset, long length, int attempt) {
            this(at, mirror, chunk, offset, length, attempt, false);
        }

        public String describe() {
            // The download's count of attempts, not the chunk's: "attempt 2" of a chunk's first try misled.
            return "%s: fetching chunk %d (bytes %d-%d), the download's attempt %d%s".formatted(mirror, chunk, offset,
                    offset + length - 1, attempt, sharedResponse ? ", on the response of the chunk before" : "");
        }
    }

    record FirstByte(Instant at, String mirror, int chunk, Duration timeToFirstByte) implements DownloadEvent {
        public String describe() {
            return "%s: first byte of chunk %d after %d ms".formatted(mirror, chunk, timeToFirstByte.toMillis());
        }
    }

    /** Emitted at most a few times a second per download, not per read. */
    record Progress(Instant at, long bytesVerified, long bytesReceived, long size, double bytesPerSecond,
                    List<String> activeMirrors) implements DownloadEvent {
        public String describe() {
            return "%d of %d bytes verified, %.1f MB/s from %s"
                    .formatted(bytesVerified, size, bytesPerSecond / 1e6, String.join(", ", activeMirrors));
        }
    }

    record ChunkVerified(Instant at, String mirror, int chunk, long bytes) implements DownloadEvent {
        public String describe() {
            return "%s: chunk %d verified (%d bytes)".formatted(mirror, chunk, bytes);
        }
    }

    record ChunkRejected(Instant at, String mirror, int chunk, FailureKind kind, String reason, long bytesWasted)
            implements DownloadEvent {
        public String describe() {
            return "%s: chunk %d rejected: %s".formatted(mirror, chunk, reason);
        }
    }

    record MirrorFailed(Instant at, String mirror, FailureKind kind, String reason, int consecutiveFailures)
            implements DownloadEvent {
        public String describe() {
            return "%s: %s".formatted(mirror, reason);
        }
    }

    record MirrorSwitched(Instant at, String from, String to, int chunk, String reason) implements DownloadEvent {
        public String describe() {
            return "%s: %s; chunk %d moves to %s".formatted(from, why(), chunk, to);
        }

        /** The reason without the mirror it begins with, where it does ("fastly.test: ..."), as describe says it. */
        public String why() {
            return reason.startsWith(from + ": ") ? reason.substring(from.length() + 2) : reason;
        }
    }

    record CircuitChanged(Instant at, String mirror, String state, String reason) implements DownloadEvent {
        public String describe() {
            return "%s: circuit %s (%s)".formatted(mirror, state, reason);
        }
    }

    record BackoffStarted(Instant at, String mirror, Duration delay, String reason) implements DownloadEvent {
        public String describe() {
            return "%s: waiting %d ms before trying it again (%s)".formatted(mirror, delay.toMillis(), reason);
        }
    }

    record MirrorAbandoned(Instant at, String mirror, String reason) implements DownloadEvent {
        public String describe() {
            return "%s: giving up on this mirror (%s)".formatted(mirror, reason);
        }
    }

    record HedgeStarted(Instant at, int chunk, String slowMirror, String fastMirror) implements DownloadEvent {
        public String describe() {
            return "chunk %d is slow on %s; racing a copy on %s".formatted(chunk, slowMirror, fastMirror);
        }
    }

    record Completed(Instant at, String file, Path path, long size, String sha256, Duration elapsed,
                     long bytesReceived, long bytesWasted, int mirrorSwitches) implements DownloadEvent {
        public String describe() {
            return "%s complete: %d bytes, SHA-256 verified, in %.1f s (%d mirror switches, %d bytes wasted)"
                    .formatted(file, size, elapsed.toMillis() / 1000.0, mirrorSwitches, bytesWasted);
        }
    }

    /**
     * The download has waited {@code waited} on its disk (the disk took no data meanwhile, or is slow to): a write to
     * the part file that has not returned ({@code step} {@code write}), or the end of the download, the part file's
     * last forced write and its rename into place ({@code finish}). It gives up once the disk has taken no data for
     * {@code silenceLimit}. Said once per wait, so that a download stalled on its disk is not silent until it fails.
     */
    record DiskWaiting(Instant at, String file, Path path, String step, Duration waited, Duration silenceLimit)
            implements DownloadEvent {
        public static final String WRITE = "write";
        public static final String FINISH = "finish";

        public String describe() {
            String so = io.outagedrill.client.Durations.words(waited.compareTo(Duration.ofSeconds(1)) < 0 ? waited
                    : waited.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            String what = step.equals(FINISH)
                    ? "forcing %s to disk and renaming it into place has taken %s so far".formatted(path, so)
                    : "a write to %s has not returned for %s".formatted(path, so);
            return "%s: %s; waiting on the disk, and giving up once it has taken no data for %s".formatted(file, what,
                    io.outagedrill.client.Durations.words(silenceLimit));
        }
    }

    record Failed(Instant at, String file, String reason, List<String> alternates) implements DownloadEvent {
        public String describe() {
            String base = "%s failed: %s".formatted(file, withoutFile(file, reason));
            return alternates.isEmpty() ? base
                    : base + "; alternates available: " + String.join(", ", alternates)
                            + " (a retry may ask for one of them, or fall back through them)";
        }
    }

    record AlternateChosen(Instant at, String file, String alternate, String reason) implements DownloadEvent {
        public String describe() {
            return "falling back to alternate '%s' of %s: %s".formatted(alternate, file, withoutFile(file, reason));
        }
    }

    /**
     * {@code reason} without a leading "FILE: ": a failure's message names its file so that it stands alone where
     * a library's caller shows it, and the words around it here name the file already.
     */
    private static String withoutFile(String file, String reason) {
        String prefix = file + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }
}
