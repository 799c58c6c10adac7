package io.outagedrill.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code manifest}: create keys, sign manifests, and check them the way the client would. Meant to be added
 * as a subcommand of the client's main command ({@code @Command(subcommands = ManifestCommand.class)}), and
 * runnable on its own in tests.
 */
@Command(name = "manifest",
        description = "Create signing keys, make and sign manifests from files, renew them, and verify them as the client would.",
        mixinStandardHelpOptions = true,
        subcommands = {ManifestKeygenCommand.class, ManifestCreateCommand.class, ManifestSignCommand.class,
                ManifestRenewCommand.class, ManifestVerifyCommand.class,
                ManifestForgetCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failed (I/O, unreadable key or trust store)", "2:usage error",
                "3:manifest rejected"})
public final class ManifestCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: a usage error (exit 2) that names the subcommands. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "expected a subcommand: keygen, create, sign, renew, verify or forget");
    }
}
