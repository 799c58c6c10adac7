package io.outagedrill.harness.sut;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A downloader the harness can drive: the reference client, aria2c, curl, or anything a user wraps. The
 * contract is small on purpose: start a download of a job, stream what you can observe, report how it ended.
 * To test your own downloader, implement this (or use {@code cmd:TEMPLATE}, see {@link CommandTemplate}).
 */
public interface SystemUnderTest {

    /** The name used in scenario files and reports: {@code reference}, {@code aria2c}, {@code curl}, ... */
    String name();

    /** Why this downloader cannot run here (not installed), with how to fix it; empty when it can. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * What this downloader's observations can tell (per-chunk progress, mirror switches, wasted bytes...). By
     * default nothing: the download is then judged by its exit code, its file and its timing, and reports say
     * "not reported" for the rest.
     */
    default Set<Capability> reports() {
        return Set.of();
    }

    /**
     * What one download of it reported, given all it was observed doing: {@link #reports()}, unless the adapter
     * can only tell from the download itself (a user's program may or may not print the event lines).
     */
    default Set<Capability> reports(List<Observation> observed) {
        return reports();
    }

    /**
     * Whether a download of it may verify chunks without reporting any: the runner then follows its file's size
     * for progress steps. A client that declares no chunks, or a program that may print no event line.
     */
    default boolean mayReportNoChunks() {
        return !reports().contains(Capability.CHUNKS);
    }

    /**
     * Whether it looks host names up through {@link DownloadJob#resolver()}, the world's resolver where the
     * scenario's {@code dns.*} faults act. False by default: a downloader that gets addresses another way (a separate
     * process is given each host's address up front) never sees a DNS fault, and the run says so in its notes.
     */
    default boolean looksUpNamesThroughTheWorld() {
        return false;
    }

    /**
     * Why a client group's {@code options} keep this downloader, which {@link #looksUpNamesThroughTheWorld looks
     * names up through the world}, from the world's resolver (a user's own flags naming another), in words; empty
     * when they do not, as by default.
     */
    default Optional<String> keptFromTheWorld(Map<String, ?> options) {
        return Optional.empty();
    }

    /**
     * Whether it fetches the signed manifest itself (from {@link DownloadJob#manifestUrls()}) and so meets what the
     * scenario's {@code manifest.*} faults make the replicas serve. True by default: a downloader under test is
     * expected to start from the manifest. One handed the mirrors' URLs and the signed SHA-256 instead (curl,
     * aria2c) never sees a forged, expired or rolled-back manifest, and the run says so in its notes.
     */
    default boolean readsTheSignedManifest() {
        return true;
    }

    /**
     * Whether it is told where to download from: the mirrors' URLs or the manifest. True by default; a {@code cmd:}
     * template without {@code {urls}}, {@code {literal_urls}}, {@code {manifest}} or {@code {manifests}} is told no
     * mirror (their ports are the run's own), and the run says so in its notes.
     */
    default boolean isToldWhereToDownloadFrom() {
        return true;
    }

    /**
     * Whether it connects from {@link DownloadJob#sourceAddress()} when the job gives one, so that faults scoped per
     * client count its requests apart from the others'. False by default: a downloader that connects from the address
     * the system picks counts with every other such one, and the run says so in its notes.
     */
    default boolean connectsFromItsOwnAddress() {
        return false;
    }

    /** Starts the download; observations are passed to {@code observer} as they happen, from any thread. */
    RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException;

    /** A download in progress. */
    interface RunningDownload {
        /**
         * Waits for the end (killing the download at the job's timeout) and reports it: its exit code, what was
         * observed, its output. Whether the file is the signed one the harness finds out itself from
         * {@link DownloadJob#destination()} ({@link DestinationCheck}), whatever the outcome's {@code verified} says.
         */
        DownloadOutcome await() throws InterruptedException;

        /** Stops it at once (SIGKILL for a process). */
        void kill();
    }
}
