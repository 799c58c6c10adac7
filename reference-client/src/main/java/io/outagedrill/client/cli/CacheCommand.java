package io.outagedrill.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cache}: see what the local content cache holds, trim it to its limit, or empty it. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "See, trim or empty the local cache of verified files that get fills and --offline reads.",
        subcommands = {CacheListCommand.class, CachePruneCommand.class, CacheClearCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed (the cache folder could not be read or changed)", "2:usage error"})
public final class CacheCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error (exit 2) that names the subcommands. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: list, prune or clear");
    }
}
