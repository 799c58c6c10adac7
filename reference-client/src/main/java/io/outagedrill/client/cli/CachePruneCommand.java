package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.store.CacheCleanup;
import io.outagedrill.client.store.ContentCache;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code cache prune}: what {@code get} does after storing a file, on demand (e.g. after lowering the limit). */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove the least recently used files until the cache fits --cache-limit, and temporary files "
                + "left by a download that died while storing.")
final class CachePruneCommand extends CacheSubcommand {

    @Override
    int run(ContentCache cache) throws IOException {
        CacheCleanup cleanup = cache.prune();
        out().println(cleanup.removed().isEmpty() && cleanup.leftoverTemps() == 0 ? "nothing to remove"
                : "removed " + removed(cleanup));
        out().println(summary(cache, cache.entries()));
        return ExitCodes.OK;
    }
}
