package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.CacheCommand;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.client.cli.GetCommand;
import io.outagedrill.client.cli.ManifestCommand;
import io.outagedrill.harness.run.ReportSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./drill}: the reference client's commands ({@code get}, {@code manifest}, {@code cache}) beside the
 * harness's own.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill 0.1",
        description = "Chaos and failover drills for multi-CDN downloaders, and a reference client that passes them.",
        subcommands = {ListCommand.class, RunCommand.class, CompareCommand.class, DemoCommand.class,
                TopologyCommand.class, ToxiproxyCommand.class, GetCommand.class, ManifestCommand.class,
                CacheCommand.class, CommandLine.HelpCommand.class})
public final class DrillCli implements Runnable {

    public static void main(String[] args) {
        CommandLine root = new CommandLine(new DrillCli());
        // `drill report` and `drill bench` come from the reports module when it is on the class path (the ./drill
        // launcher's); each is added under its own @Command name.
        ReportSink.find().ifPresent(sink -> sink.commands().forEach(root::addSubcommand));
        System.exit(ClientMain.execute(root, args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
