package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.ByteSize;
import io.outagedrill.client.store.CacheEntry;
import io.outagedrill.client.store.ContentCache;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cache list}: what the cache holds, most recently used first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the cached files (by SHA-256), most recently used first, with their sizes and the total.")
final class CacheListCommand extends CacheSubcommand {

    @Override
    int run(ContentCache cache) throws IOException {
        List<CacheEntry> entries = cache.entries();
        out().println(summary(cache, entries));
        if (!entries.isEmpty()) {
            out().printf("%-20s  %10s  %s%n", "last used", "size", "SHA-256");
        }
        for (CacheEntry entry : entries) {
            out().printf("%-20s  %10s  %s%n", entry.lastUsed().truncatedTo(ChronoUnit.SECONDS),
                    ByteSize.format(entry.size()), entry.sha256());
        }
        return ExitCodes.OK;
    }
}
