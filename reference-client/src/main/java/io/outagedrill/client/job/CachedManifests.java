package io.outagedrill.client.job;

import io.outagedrill.client.IoErrors;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.store.ManifestCache;
import io.outagedrill.client.transfer.DownloadFailedException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stale-while-revalidate for manifests: a copy kept from an earlier run that still verifies now (signature,
 * expiry, no rollback) is used at once, while the manifest is fetched again in the background and the copy
 * replaced when a newer version arrives. A copy that no longer verifies is dropped and the manifest fetched as
 * usual. The download in progress keeps the manifest it started with; the next one gets the newer copy.
 *
 * <p>Copies are kept per list of locations, a file among them by its absolute path: {@code movie.jws} in one
 * folder is not {@code movie.jws} in another. A manifest given only as files is read from them every time and
 * never kept: reading a file costs no wait, and a file just rewritten (a new version published) is the manifest
 * the user means, not the copy kept from before.
 */
final class CachedManifests {
    private final ManifestCache cache;
    private final ManifestVerifier verifier;
    private final ManifestFetcher fetcher;
    private final DownloadListener listener;
    private final Clock clock;
    private final Duration revalidationLimit;

    CachedManifests(ManifestCache cache, ManifestVerifier verifier, ManifestFetcher fetcher,
                    DownloadListener listener, Clock clock, Duration revalidationLimit) {
        this.cache = cache;
        this.verifier = verifier;
        this.fetcher = fetcher;
        this.listener = listener;
        this.clock = clock;
        this.revalidationLimit = revalidationLimit;
    }

    /** A manifest in hand, and the background fetch to wait for before the job ends (none when not started). */
    record Resolved(VerifiedManifest manifest, Optional<Thread> revalidation) {
    }

    /**
     * @param offline no network: a valid copy is used and not revalidated; without one only the locations that
     *                are files are read, and with none this is {@link DownloadFailedException.Reason#NOT_IN_CACHE}
     */
    Resolved resolve(List<String> locations, boolean offline) {
        if (locations.stream().noneMatch(ManifestFetcher::isRemote)) {
            return new Resolved(fetcher.fetch(locations), Optional.empty());
        }
        List<String> key = key(locations);
        Optional<byte[]> kept = cache.read(key);
        if (kept.isPresent()) {
            try {
                VerifiedManifest copy = verifier.verify(kept.get(), "kept copy of " + locations.getFirst());
                listener.on(new DownloadEvent.ManifestFromCache(clock.instant(), copy.manifest().file(),
                        copy.manifest().version(), copy.manifest().expires(), cache.file(key)));
                if (offline) {
                    return new Resolved(copy, Optional.empty());
                }
                return new Resolved(copy, Optional.of(Thread.ofVirtual().name("manifest-revalidation")
                        .start(() -> revalidate(locations, key, copy))));
            } catch (ManifestRejectedException e) {
                // Expired, rolled back (a newer one was seen since), or damaged: never used, and not kept.
                cache.drop(key);
            }
        }
        ManifestFetcher.Fetched fetched = fetcher.fetchWithBytes(offline
                ? filesOnly(locations, Optional.of(cache.file(key))) : locations);
        keep(key, fetched);
        return new Resolved(fetched.manifest(), Optional.empty());
    }

    /** What a copy is kept under: the URLs as given, each file by its absolute path. */
    static List<String> key(List<String> locations) {
        return locations.stream().map(l -> ManifestFetcher.isRemote(l) ? l
                : Path.of(l).toAbsolutePath().normalize().toString()).toList();
    }

    /**
     * The locations an offline download may read: the files among them. None is
     * {@link DownloadFailedException.Reason#NOT_IN_CACHE}, refused without asking the network; {@code keptAt} is
     * where a kept copy would have been, empty when no manifest cache is in use.
     */
    static List<String> filesOnly(List<String> locations, Optional<Path> keptAt) {
        List<String> files = locations.stream().filter(l -> !ManifestFetcher.isRemote(l)).toList();
        if (files.isEmpty()) {
            String where = String.join(", ", locations);
            String missing = keptAt.isPresent()
                    ? "no kept copy of the manifest from %s that still verifies (%s)".formatted(where, keptAt.get())
                    : "the manifest is only on the network (%s) and no manifest cache is in use".formatted(where);
            throw new DownloadFailedException(DownloadFailedException.Reason.NOT_IN_CACHE,
                    missing + ", and this download is offline: no network", List.of());
        }
        return files;
    }

    private void revalidate(List<String> locations, List<String> key, VerifiedManifest copy) {
        String file = copy.manifest().file();
        try {
            ManifestFetcher.Fetched fetched = fetcher.fetchWithBytes(locations);
            VerifiedManifest fresh = fetched.manifest();
            boolean newer = fresh.manifest().version() > copy.manifest().version()
                    || (fresh.manifest().version() == copy.manifest().version()
                    && !fresh.digest().equals(copy.digest()));
            keep(key, fetched);
            listener.on(new DownloadEvent.ManifestRevalidated(clock.instant(), file, fresh.manifest().version(),
                    newer, newer ? "newer" : "unchanged"));
        } catch (ManifestRejectedException e) {
            listener.on(new DownloadEvent.ManifestRevalidated(clock.instant(), file, copy.manifest().version(),
                    false, "could not fetch a newer one: " + e.reason()));
        }
    }

    /** Keeps the accepted manifest under {@code key} ({@link #key} of its locations). */
    private void keep(List<String> key, ManifestFetcher.Fetched fetched) {
        if (!fetched.manifest().signed()) {
            return; // Metalink is read fresh each time; only signed manifests can be re-verified later
        }
        try {
            cache.write(key, fetched.bytes());
        } catch (IOException e) {
            // Said, not fatal: a copy that cannot be kept costs the next run a fetch, and --offline its manifest.
            listener.on(new DownloadEvent.CacheSkipped(clock.instant(), "the manifest of "
                    + fetched.manifest().manifest().file(), fetched.bytes().length, "could not keep it in %s: %s"
                    .formatted(cache.file(key).getParent(), IoErrors.describe(e))));
        }
    }

    /** Waits for a background fetch, at most the time the fetch itself may take. */
    void await(Resolved resolved) {
        resolved.revalidation().ifPresent(thread -> {
            try {
                if (!thread.join(revalidationLimit)) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                thread.interrupt();
                Thread.currentThread().interrupt();
            }
        });
    }
}
