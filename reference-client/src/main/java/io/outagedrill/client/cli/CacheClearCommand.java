package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.store.CacheCleanup;
import io.outagedrill.client.store.ContentCache;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code cache clear}: empty the cache. Downloads already done are not touched (they are separate names). */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Remove every cached file. Files already downloaded stay where they are; --offline will find "
                + "nothing until get fills the cache again.")
final class CacheClearCommand extends CacheSubcommand {

    @Override
    int run(ContentCache cache) throws IOException {
        CacheCleanup cleanup = cache.clear();
        out().printf("removed %s from %s%n", removed(cleanup), cache.root());
        return ExitCodes.OK;
    }
}
