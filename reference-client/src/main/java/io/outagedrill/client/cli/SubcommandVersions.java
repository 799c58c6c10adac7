package io.outagedrill.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Gives every command below a root the root's version, where it has none of its own. Each command lists
 * {@code -V, --version}, and picocli prints a subcommand's own version text for it: without this,
 * {@code drill get --version} printed an empty line and exited 0.
 */
public final class SubcommandVersions {
    private SubcommandVersions() {
    }

    /** Returns {@code root}, its subcommands at every depth versioned as it is. */
    public static CommandLine inherit(CommandLine root) {
        String[] version = root.getCommandSpec().version();
        root.getSubcommands().values().forEach(sub -> inherit(sub, version));
        return root;
    }

    private static void inherit(CommandLine command, String[] version) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.version().length == 0) {
            spec.version(version);
        }
        command.getSubcommands().values().forEach(sub -> inherit(sub, version));
    }
}
