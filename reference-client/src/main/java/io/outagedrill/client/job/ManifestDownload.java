package io.outagedrill.client.job;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.FinalEventLast;
import io.outagedrill.client.events.ListenerGuard;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.ManifestCache;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The reference client's whole job in one place: get the manifest (fetch and verify it, or verify one in hand),
 * then download the file it describes, and say how that ended as a {@link JobOutcome} with its exit code.
 * The CLI's {@code get}, the harness's in-process client, the demo and the throughput benchmark all run this.
 *
 * <p>The download's {@code completed} or {@code failed} event is the last event of the job its listeners hear: a
 * manifest kept in the {@link Builder#manifestCache cache} is fetched again in the background while the file
 * downloads, and what that fetch says comes before the final event, however late it ends.
 *
 * <pre>{@code
 * JobOutcome outcome = ManifestDownload.builder().verifier(verifier).downloader(downloader)
 *         .httpClient(http).listener(listener).build()
 *         .run(ManifestSource.locations(List.of("https://cdn.test/v.jws")), DownloadRequest.into(dir));
 * }</pre>
 */
public final class ManifestDownload {
    private final ManifestVerifier verifier;
    private final Downloader downloader;
    private final OkHttpClient http;
    private final DownloadListener listener;
    private final Clock clock;
    private final ManifestCache manifestCache;

    private ManifestDownload(Builder b) {
        this.verifier = b.verifier;
        this.downloader = Objects.requireNonNull(b.downloader, "downloader");
        this.http = b.http;
        this.listener = b.listener;
        this.clock = b.clock;
        this.manifestCache = b.manifestCache;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the job. Refusals of the manifest and failures of the download are outcomes, not exceptions; anything
     * else (a bad argument, a bug) is thrown.
     */
    public JobOutcome run(ManifestSource source, DownloadRequest request) {
        if (source instanceof ManifestSource.Locations l && manifestCache != null) {
            return runCached(l, request);
        }
        VerifiedManifest manifest;
        try {
            manifest = manifest(source instanceof ManifestSource.Locations l && request.offline()
                    ? ManifestSource.locations(CachedManifests.filesOnly(l.locations(), Optional.empty()))
                    : source);
        } catch (DownloadFailedException offlineWithoutFile) {
            return offlineWithoutManifest(source, offlineWithoutFile);
        } catch (ManifestRejectedException e) {
            return rejectedOrInterrupted(source, e);
        }
        return download(manifest, request);
    }

    private JobOutcome download(VerifiedManifest manifest, DownloadRequest request) {
        try {
            return new JobOutcome.Downloaded(downloader.download(manifest, request));
        } catch (DownloadFailedException e) {
            return new JobOutcome.Failed(e);
        }
    }

    /** With a manifest cache: a kept copy that still verifies starts the download at once (stale-while-revalidate). */
    private JobOutcome runCached(ManifestSource.Locations source, DownloadRequest request) {
        Duration perCopy = downloader.config().manifestTimeout();
        CachedManifests cached = new CachedManifests(manifestCache, verifier(), fetcher(), listener, clock,
                perCopy.multipliedBy(source.locations().size()).plusSeconds(1));
        CachedManifests.Resolved resolved;
        try {
            resolved = cached.resolve(source.locations(), request.offline());
        } catch (ManifestRejectedException e) {
            return rejectedOrInterrupted(source, e);
        } catch (DownloadFailedException offlineWithoutCopy) {
            return offlineWithoutManifest(source, offlineWithoutCopy);
        }
        // The download's completed or failed event is the last its listener hears of the job: held until the
        // background fetch of the manifest, which may end after the download and tells this job's listener, is over.
        FinalEventLast downloadEvents = new FinalEventLast(ListenerGuard.of(request.listener().orElse(
                downloader.listener())));
        try {
            return download(resolved.manifest(), request.withListener(downloadEvents));
        } finally {
            cached.await(resolved);
            downloadEvents.release();
        }
    }

    /**
     * An offline download that has no manifest to go by ends before the downloader is asked, so the downloader's
     * {@code failed} event, the one a listener (the CLI's console and {@code --json}) says the failure with, is
     * sent here: without it the run ended with exit 5 and not a word of why.
     */
    private JobOutcome offlineWithoutManifest(ManifestSource source, DownloadFailedException e) {
        listener.on(new DownloadEvent.Failed(clock.instant(), named(source), e.getMessage(), e.alternates()));
        return new JobOutcome.Failed(e);
    }

    /**
     * A manifest fetch cut by an interrupt (Ctrl-C, a cancelled job) is no refusal of the manifest: the job ends
     * interrupted (exit 130), as one cut mid-download does, and nothing was downloaded.
     */
    private JobOutcome rejectedOrInterrupted(ManifestSource source, ManifestRejectedException e) {
        if (!Thread.currentThread().isInterrupted()) {
            return rejected(source, e);
        }
        DownloadFailedException interrupted = new DownloadFailedException(DownloadFailedException.Reason.INTERRUPTED,
                e.getMessage() + "; nothing was downloaded", e);
        listener.on(new DownloadEvent.Failed(clock.instant(), named(source), interrupted.getMessage(), List.of()));
        return new JobOutcome.Failed(interrupted);
    }

    /**
     * A refused manifest ends the download as surely as a failed transfer, so the listener hears it end the same
     * way: a download's metrics count it among the failed downloads, where an alert on failing downloads sees it.
     */
    private JobOutcome rejected(ManifestSource source, ManifestRejectedException e) {
        listener.on(new DownloadEvent.Failed(clock.instant(), named(source), e.getMessage(), List.of()));
        return new JobOutcome.Rejected(e);
    }

    /** What a failed event names when there is no manifest to take the file's name from: where it was to come from. */
    private static String named(ManifestSource source) {
        return switch (source) {
            case ManifestSource.Locations l -> String.join(", ", l.locations());
            case ManifestSource.Signed s -> s.source();
            case ManifestSource.Verified v -> v.manifest().manifest().file();
        };
    }

    private VerifiedManifest manifest(ManifestSource source) {
        return switch (source) {
            case ManifestSource.Verified v -> v.manifest();
            case ManifestSource.Signed s -> verifier().verify(s.compactJws(), s.source());
            case ManifestSource.Locations l -> fetcher().fetch(l.locations());
        };
    }

    /** The per-copy limit is a transfer knob, so a scenario or a --config file sets it like any other. */
    private ManifestFetcher fetcher() {
        return new ManifestFetcher(Objects.requireNonNull(http, "an HTTP client is needed to fetch manifests"),
                verifier(), listener, clock, downloader.config().manifestTimeout());
    }

    private ManifestVerifier verifier() {
        return Objects.requireNonNull(verifier, "a manifest verifier is needed for a manifest not yet verified");
    }

    /** Fluent builder. */
    public static final class Builder {
        private ManifestVerifier verifier;
        private Downloader downloader;
        private OkHttpClient http;
        private DownloadListener listener = DownloadListener.none();
        private Clock clock = Clock.systemUTC();
        private ManifestCache manifestCache;

        /**
         * Keeps the last accepted manifest per list of locations and starts the next download from it while a
         * newer one is fetched (stale-while-revalidate); null (the default) fetches every time.
         */
        public Builder manifestCache(ManifestCache value) {
            manifestCache = value;
            return this;
        }

        /** Checks signature, expiry and rollback of a manifest not yet verified. */
        public Builder verifier(ManifestVerifier value) {
            verifier = Objects.requireNonNull(value);
            return this;
        }

        public Builder downloader(Downloader value) {
            downloader = Objects.requireNonNull(value);
            return this;
        }

        /** The client manifests are fetched with (the downloader has its own, for the mirrors). */
        public Builder httpClient(OkHttpClient value) {
            http = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Hears the manifest's acceptance or rejection, and the {@code failed} event of a download that ends before
         * the downloader is asked (a refused manifest, an offline run with no manifest kept); the downloader's
         * listener hears the transfer.
         */
        public Builder listener(DownloadListener value) {
            listener = ListenerGuard.of(Objects.requireNonNull(value));
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        public ManifestDownload build() {
            return new ManifestDownload(this);
        }
    }
}
