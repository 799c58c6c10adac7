package io.outagedrill.client.cli;

import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.store.ContentCache;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Where the content cache is and how much it may hold: options of {@code get} and of the {@code cache} commands
 * alike, so one {@code --config} file ({@code cache=...}, {@code cache-limit=...}) serves both.
 */
final class CacheOptions {

    @Option(names = "--cache", paramLabel = "DIR", description = "Content cache folder (default: "
            + "$XDG_CACHE_HOME/outage-drill or ~/.cache/outage-drill).")
    Path folder;

    @Option(names = "--cache-limit", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Most the content cache may hold, e.g. 500MiB or 50GiB; the least recently used files "
                    + "leave first (10GiB).")
    Long limit;

    ContentCache open(Clock clock, DownloadListener listener) {
        return new ContentCache(folder != null ? folder : ContentCache.defaultRoot(),
                limit != null ? limit : ContentCache.DEFAULT_LIMIT, clock, listener);
    }
}
