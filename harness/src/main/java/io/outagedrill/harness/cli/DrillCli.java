package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.client.cli.GetCommand;
import io.outagedrill.client.cli.ManifestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./drill}: the reference client's commands ({@code get}, {@code manifest}) beside the harness's own.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill 0.1",
        description = "Chaos and failover drills for multi-CDN downloaders, and a reference client that passes them.",
        subcommands = {DemoCommand.class, ToxiproxyCommand.class, TopologyCommand.class, GetCommand.class, ManifestCommand.class, CommandLine.HelpCommand.class})
public final class DrillCli implements Runnable {

    public static void main(String[] args) {
        System.exit(ClientMain.execute(new CommandLine(new DrillCli()), args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
