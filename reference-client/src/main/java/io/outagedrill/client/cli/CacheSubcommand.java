package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.ByteSize;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.store.CacheCleanup;
import io.outagedrill.client.store.CacheEntry;
import io.outagedrill.client.store.ContentCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code cache} subcommand shares: the cache's folder and limit (as {@code get} takes them, from the
 * command line or {@code --config}), output through picocli's writers, and I/O failures as exit code 1.
 */
@Command(modelTransformer = CacheOptions.AddedToCacheCommand.class) // picocli reads it for every subclass
abstract class CacheSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Its options come from {@link CacheOptions.AddedToCacheCommand}, named on this class's {@code @Command}. */
    final CacheOptions cache = new CacheOptions();

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults, the one get "
            + "reads (its cache= and cache-limit= apply here).")
    Path config;

    /** Does the work and returns an exit code. */
    abstract int run(ContentCache cache) throws IOException;

    @Override
    public final Integer call() {
        ContentCache opened = cache.open(Clock.systemUTC(), DownloadListener.none());
        try {
            return run(opened);
        } catch (IOException e) {
            err().printf("error: cache %s: %s%n", opened.root(), IoErrors.describe(e));
            return ExitCodes.DOWNLOAD_FAILED;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code /path: 3 files, 1.4 GiB (limit 10.0 GiB)}. */
    static String summary(ContentCache cache, List<CacheEntry> entries) {
        long bytes = entries.stream().mapToLong(CacheEntry::size).sum();
        return "%s: %s, %s (limit %s)".formatted(cache.root(), files(entries.size()), ByteSize.format(bytes),
                ByteSize.format(cache.limit()));
    }

    /**
     * {@code 2 files (1.4 GiB) and 1 leftover temporary file}, or with {@code more} things removed
     * {@code 2 files (1.4 GiB), 1 leftover temporary file and 3 kept manifests}.
     */
    static String removed(CacheCleanup cleanup, String... more) {
        List<String> parts = new ArrayList<>();
        parts.add("%s (%s)".formatted(files(cleanup.removed().size()), ByteSize.format(cleanup.removedBytes())));
        if (cleanup.leftoverTemps() > 0) {
            parts.add("%d leftover temporary file%s".formatted(cleanup.leftoverTemps(),
                    cleanup.leftoverTemps() == 1 ? "" : "s"));
        }
        parts.addAll(List.of(more));
        return parts.size() == 1 ? parts.getFirst() : String.join(", ", parts.subList(0, parts.size() - 1))
                + " and " + parts.getLast();
    }

    static String files(int count) {
        return count == 1 ? "1 file" : count + " files";
    }
}
