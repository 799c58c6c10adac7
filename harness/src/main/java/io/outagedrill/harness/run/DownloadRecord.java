package io.outagedrill.harness.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.outagedrill.harness.sut.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one simulated client's download did, measured by the harness: the unit SLOs are judged on. Everything a
 * report shows is a typed field here; nothing is kept as words to be parsed again.
 *
 * @param succeeded        exit 0 and the harness's own hash of the file matched
 * @param acceptedCorrupt  exit 0 with a file whose hash is not the signed one
 * @param bytesWasted      bytes received and thrown away; null when the downloader does not report it
 * @param failovers        times work moved to another mirror after a failure
 * @param timeToFirstByte  from the download's start (the client's start-up and the manifest's fetch included) to the
 *                         first response bytes of the file, what a user waits before data flows (per request, see
 *                         {@code transfers}); null when unknown
 * @param switches         each mirror switch, in order
 * @param chunksRejectedBy mirror -> chunks it sent that were thrown away (summed from {@code rejectedChunks})
 * @param rejection        why the manifest was refused, or null
 * @param progress         (time, verified bytes) samples, for the throughput chart and time to recover
 * @param transfers        each chunk a mirror delivered: when it was asked (for a chunk that came on the response
 *                         of the one before, when the response reached it), its time to first byte (null for
 *                         such a chunk), when it was verified; per-mirror time to first byte and transfer speed
 *                         come from these
 * @param rejectedChunks   each chunk thrown away, with its reason code
 * @param reports          what the downloader can report ({@link Capability}); a report says "not reported" for
 *                         the rest instead of showing zero
 * @param firstRequestTo   the mirror the download's first ranged request went to (answered or not); null when the
 *                         downloader does not report its requests
 * @param firstRequestAt   when the download asked a mirror for bytes the first time (answered or not): the end of
 *                         its start-up (manifest, status pages, local files); null when the downloader does not
 *                         report its requests (and, in records written before {@code startUpMetAFailure}, when
 *                         that was true)
 * @param startUpMetAFailure whether a manifest copy was rejected before the first request (refused, unreachable, or
 *                         failing a check such as its signature or expiry): a start-up that met the outage, whose
 *                         wait is part of the recovery, timed from its start rather than from its first request
 */
public record DownloadRecord(String id, String group, String client, String policy, String file, long size,
                             Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                             boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts,
                             int failovers, Duration timeToFirstByte, List<MirrorSwitch> switches,
                             Map<String, Integer> chunksRejectedBy, Rejection rejection, List<Sample> progress,
                             List<ChunkServed> chunks, String output, List<ChunkTransfer> transfers,
                             List<ChunkRejection> rejectedChunks, Set<Capability> reports, String firstRequestTo,
                             Instant firstRequestAt, boolean startUpMetAFailure) {

    /** A record whose start-up met no failure (hand-made records in tests). */
    public DownloadRecord(String id, String group, String client, String policy, String file, long size,
                          Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                          boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts, int failovers,
                          Duration timeToFirstByte, List<MirrorSwitch> switches,
                          Map<String, Integer> chunksRejectedBy, Rejection rejection, List<Sample> progress,
                          List<ChunkServed> chunks, String output, List<ChunkTransfer> transfers,
                          List<ChunkRejection> rejectedChunks, Set<Capability> reports, String firstRequestTo,
                          Instant firstRequestAt) {
        this(id, group, client, policy, file, size, started, ended, elapsed, exitCode, succeeded, acceptedCorrupt,
                timedOut, bytesWasted, attempts, failovers, timeToFirstByte, switches, chunksRejectedBy, rejection,
                progress, chunks, output, transfers, rejectedChunks, reports, firstRequestTo, firstRequestAt, false);
    }

    /**
     * When the download's start-up ended, for timing its recovery from there: its first request, unless the start-up
     * itself met the outage ({@link #startUpMetAFailure}) or the downloader does not report its requests (null).
     */
    public Instant startedUpAt() {
        return startUpMetAFailure ? null : firstRequestAt;
    }

    /** A record without the first request's mirror (records written before it was kept). */
    public DownloadRecord(String id, String group, String client, String policy, String file, long size,
                          Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                          boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts, int failovers,
                          Duration timeToFirstByte, List<MirrorSwitch> switches,
                          Map<String, Integer> chunksRejectedBy, Rejection rejection, List<Sample> progress,
                          List<ChunkServed> chunks, String output, List<ChunkTransfer> transfers,
                          List<ChunkRejection> rejectedChunks, Set<Capability> reports) {
        this(id, group, client, policy, file, size, started, ended, elapsed, exitCode, succeeded, acceptedCorrupt,
                timedOut, bytesWasted, attempts, failovers, timeToFirstByte, switches, chunksRejectedBy, rejection,
                progress, chunks, output, transfers, rejectedChunks, reports, null, null);
    }

    /** Older record files lack the newer lists; {@code reports} is then read from what the record holds. */
    public DownloadRecord {
        switches = switches == null ? List.of() : List.copyOf(switches);
        // Copies, so a record cannot change after it is made; the mirrors stay in name order, as written.
        chunksRejectedBy = chunksRejectedBy == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(chunksRejectedBy));
        progress = progress == null ? List.of() : List.copyOf(progress);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
        rejectedChunks = rejectedChunks == null ? List.of() : List.copyOf(rejectedChunks);
        reports = inOrder(reports == null ? shownBy(progress, chunks, switches, transfers, bytesWasted, rejection)
                : reports);
    }

    /** A record without per-chunk transfers and declared capabilities (hand-made records in tests). */
    public DownloadRecord(String id, String group, String client, String policy, String file, long size,
                          Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                          boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts, int failovers,
                          Duration timeToFirstByte, List<MirrorSwitch> switches,
                          Map<String, Integer> chunksRejectedBy, Rejection rejection, List<Sample> progress,
                          List<ChunkServed> chunks, String output) {
        this(id, group, client, policy, file, size, started, ended, elapsed, exitCode, succeeded, acceptedCorrupt,
                timedOut, bytesWasted, attempts, failovers, timeToFirstByte, switches, chunksRejectedBy, rejection,
                progress, chunks, output, List.of());
    }

    /** A record without declared capabilities: they are read from what it holds. */
    public DownloadRecord(String id, String group, String client, String policy, String file, long size,
                          Instant started, Instant ended, Duration elapsed, int exitCode, boolean succeeded,
                          boolean acceptedCorrupt, boolean timedOut, Long bytesWasted, int attempts, int failovers,
                          Duration timeToFirstByte, List<MirrorSwitch> switches,
                          Map<String, Integer> chunksRejectedBy, Rejection rejection, List<Sample> progress,
                          List<ChunkServed> chunks, String output, List<ChunkTransfer> transfers) {
        this(id, group, client, policy, file, size, started, ended, elapsed, exitCode, succeeded, acceptedCorrupt,
                timedOut, bytesWasted, attempts, failovers, timeToFirstByte, switches, chunksRejectedBy, rejection,
                progress, chunks, output, transfers, List.of(), null);
    }

    /**
     * What a record that does not say what its downloader reports evidently reported: records written before
     * capabilities were declared, where only what is there can tell.
     */
    private static Set<Capability> shownBy(List<Sample> progress, List<ChunkServed> chunks,
                                           List<MirrorSwitch> switches, List<ChunkTransfer> transfers,
                                           Long bytesWasted, Rejection rejection) {
        Set<Capability> shown = EnumSet.noneOf(Capability.class);
        if (!progress.isEmpty()) {
            shown.add(Capability.PROGRESS);
        }
        if (!chunks.isEmpty()) {
            shown.add(Capability.CHUNKS);
        }
        if (!switches.isEmpty()) {
            shown.add(Capability.SWITCHES);
        }
        if (transfers.stream().anyMatch(t -> t.firstByteMillis() != null)) {
            shown.add(Capability.FIRST_BYTE);
        }
        if (bytesWasted != null) {
            shown.add(Capability.WASTED_BYTES);
        }
        if (rejection != null) {
            shown.add(Capability.MANIFEST_REJECTIONS);
        }
        return shown;
    }

    /** In declaration order, so a record file lists them the same way every time. */
    private static Set<Capability> inOrder(Set<Capability> capabilities) {
        return capabilities.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    /** True when the downloader says this much while it runs. */
    public boolean reports(Capability capability) {
        return reports.contains(capability);
    }

    /** Whether {@link #failovers} is a measurement: the client reports switches, or failed mirrors (curl's loop). */
    public boolean reportsFailovers() {
        return reports(Capability.SWITCHES) || reports(Capability.MIRROR_FAILURES);
    }

    /** Whether {@link #bytesWasted} is a measurement (null when the client does not report it). */
    public boolean reportsWaste() {
        return bytesWasted != null;
    }

    /**
     * Work moved from one mirror to another.
     *
     * @param at    when the downloader said so; null in records written before switches had times
     * @param chunk the chunk that moved, or -1 when not known
     */
    public record MirrorSwitch(Instant at, String from, String to, int chunk, String reason) {

        /**
         * Reads a switch as older record files wrote it, {@code "from -> to TO: why"} (also {@code "from -> TO"}),
         * so their reports still place and explain each switch. Never used for new records.
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static MirrorSwitch fromOlderRecord(String text) {
            int arrow = text.indexOf(" -> ");
            if (arrow < 0) {
                return new MirrorSwitch(null, text.strip(), "", -1, "");
            }
            String rest = text.substring(arrow + 4).strip();
            if (rest.startsWith("to ")) {
                rest = rest.substring(3);
            }
            int colon = rest.indexOf(": ");
            return new MirrorSwitch(null, text.substring(0, arrow).strip(),
                    (colon < 0 ? rest : rest.substring(0, colon)).strip(), -1,
                    colon < 0 ? "" : rest.substring(colon + 2));
        }
    }

    /**
     * Why a manifest was refused: the last refusal a download reported, and the codes of all of them.
     *
     * @param code the last refusal's reason code, e.g. {@code ROLLBACK}
     * @param words the downloader's own words for it
     * @param codes every refusal's code, in the order reported (the last is {@code code}), what
     *              {@code expectRejection} matches: a download that refused a frozen replica as {@code EXPIRED}, then
     *              found the next one {@code UNREACHABLE}, refused the attack all the same
     */
    public record Rejection(String code, String words, List<String> codes) {

        /** Older record files kept only the code. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Rejection fromOlderRecord(String code) {
            return new Rejection(code, "");
        }

        /** A download's only refusal. */
        public Rejection(String code, String words) {
            this(code, words, List.of(code));
        }

        /** Records written before every code was kept hold the last one only. */
        public Rejection {
            codes = codes == null || codes.isEmpty() ? List.of(code) : List.copyOf(codes);
        }

        /** The same refusal after an earlier one that reported {@code earlier}. */
        Rejection after(Rejection earlier) {
            List<String> all = new java.util.ArrayList<>(earlier.codes);
            all.add(code);
            return new Rejection(code, words, all);
        }

        /** Whether any refusal was for {@code reason} (reason codes compare ignoring case). */
        public boolean anyFor(String reason) {
            return codes.stream().anyMatch(reason::equalsIgnoreCase);
        }
    }

    /**
     * One chunk a mirror sent that was thrown away.
     *
     * @param code the failure kind, e.g. {@code CORRUPT} or {@code TOO_MUCH_DATA}
     */
    public record ChunkRejection(Instant at, String mirror, int chunk, long bytesWasted, String code,
                                 String words) {
    }

    /**
     * One chunk one mirror delivered.
     *
     * @param firstByteMillis time from the request to its response headers, or null when not reported
     * @param bytes           what this transfer brought: the chunk, or the rest of it when another mirror's
     *                        connection broke after sending the start
     */
    public record ChunkTransfer(int chunk, String mirror, Instant asked, Long firstByteMillis, Instant verified,
                                long bytes) {
        public Duration took() {
            return Duration.between(asked, verified);
        }
    }

    /** Verified bytes so far at a moment. */
    public record Sample(Instant at, long verifiedBytes) {
    }

    /** Which mirror served which chunk, and when: the per-client timeline chart. */
    public record ChunkServed(Instant at, int chunk, String mirror) {
    }

    public boolean inFlightAt(Instant moment) {
        return !started.isAfter(moment) && !ended.isBefore(moment);
    }

    /** Wasted bytes as a percentage of the file, 0 when not reported. */
    public double wastedPercent() {
        return bytesWasted == null || size == 0 ? 0 : 100.0 * bytesWasted / size;
    }
}
