package io.outagedrill.client.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h, --help} and {@code -V, --version} for a command built without annotations, worded as picocli's
 * {@code mixinStandardHelpOptions} words them. That mixin is itself an annotated class, so using it would read
 * annotations on the start of every download after all.
 */
final class StandardHelpOptions {
    private StandardHelpOptions() {
    }

    static void addTo(CommandSpec command) {
        command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        command.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }
}
