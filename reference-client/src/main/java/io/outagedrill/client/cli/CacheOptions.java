package io.outagedrill.client.cli;

import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.store.ContentCache;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static io.outagedrill.client.cli.OptionBinding.bind;
import static io.outagedrill.client.cli.OptionBinding.path;

/**
 * Where the content cache is and how much it may hold: options of {@code get} and of the {@code cache} commands
 * alike, so one {@code --config} file ({@code cache=...}, {@code cache-limit=...}) serves both. Built without
 * annotations, as {@code get} is ({@link GetCommand} says why); the annotated {@code cache} commands take them
 * through {@link AddedToCacheCommand}.
 */
final class CacheOptions {
    Path folder;
    Long limit;

    /** Adds {@code --cache} and {@code --cache-limit}, bound to this instance, to {@code command}. */
    void addTo(CommandSpec command) {
        command.addOption(path(() -> folder, v -> folder = v, "--cache").converters(new FolderConverter())
                .paramLabel("DIR")
                .description("Content cache folder (default: $XDG_CACHE_HOME/outage-drill or ~/.cache/outage-drill; "
                        + "on Windows %%LOCALAPPDATA%%\\outage-drill\\cache).")
                .build());
        command.addOption(bind(OptionSpec.builder("--cache-limit"), () -> limit, (Long v) -> limit = v)
                .paramLabel("SIZE").type(Long.class).converters(new ByteSizeConverter())
                .description("Most the content cache may hold, e.g. 500MiB or 50GiB; the least recently used files "
                        + "leave first (10GiB).")
                .build());
    }

    ContentCache open(Clock clock, DownloadListener listener) {
        return new ContentCache(folder != null ? folder : ContentCache.defaultRoot(),
                limit != null ? limit : ContentCache.DEFAULT_LIMIT, clock, listener);
    }

    /** The model transformer that gives an annotated {@link CacheSubcommand} its cache options. */
    static final class AddedToCacheCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            ((CacheSubcommand) command.userObject()).cache.addTo(command);
            return command;
        }
    }
}
