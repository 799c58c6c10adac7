package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.store.CacheCleanup;
import io.outagedrill.client.store.ContentCache;
import io.outagedrill.client.store.ManifestCache;
import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * {@code cache clear}: empty the cache, the manifests get keeps in it included: what a user clears is all that a
 * later get would take from there instead of the network. Downloads already done are not touched (they are separate
 * names), nor the memory of accepted versions, which is no cache: it is what refuses a rollback.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Remove every cached file and kept manifest. Files already downloaded stay where they are; "
                + "--offline will find nothing until get fills the cache again, and the next get fetches its "
                + "manifest before it starts. The versions of manifests accepted (what refuses a rollback) are "
                + "kept elsewhere and stay.")
final class CacheClearCommand extends CacheSubcommand {

    @Override
    int run(ContentCache cache) throws IOException {
        CacheCleanup cleanup = cache.clear();
        int manifests = ManifestCache.in(cache).clear();
        String keptManifests = manifests == 1 ? "1 kept manifest" : manifests + " kept manifests";
        out().printf("removed %s from %s%n", manifests == 0 ? removed(cleanup) : removed(cleanup, keptManifests),
                cache.root());
        return ExitCodes.OK;
    }
}
