package io.outagedrill.app;

import io.outagedrill.client.cli.CacheCommand;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.client.cli.GetCommand;
import io.outagedrill.client.cli.ManifestCommand;
import io.outagedrill.benchmarks.cli.BenchCommand;
import io.outagedrill.benchmarks.cli.FleetBenchCommand;
import io.outagedrill.control.cli.RouteCommand;
import io.outagedrill.harness.cli.CompareCommand;
import io.outagedrill.harness.cli.DemoCommand;
import io.outagedrill.harness.cli.ListCommand;
import io.outagedrill.harness.cli.RunCommand;
import io.outagedrill.harness.cli.TopologyCommand;
import io.outagedrill.harness.cli.ToxiproxyCommand;
import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.cli.ReportCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./drill}: every module's commands in one place. The harness's {@code run} and {@code compare} are handed
 * the reports module's writer here, so they end with a report although the harness cannot depend on reports.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill 0.1",
        description = "Chaos and failover drills for multi-CDN downloaders, and a reference client that passes them.")
public final class DrillCli implements Runnable {

    public static void main(String[] args) {
        System.exit(ClientMain.execute(commandLine(), args));
    }

    /** The assembled command tree, in the order {@code drill help} lists it. */
    static CommandLine commandLine() {
        ReportSink reports = Reports::record;
        CommandLine root = new CommandLine(new DrillCli());
        List.of(new ListCommand(), new RunCommand(reports), new CompareCommand(reports), new DemoCommand(),
                        new TopologyCommand(), new ToxiproxyCommand(),
                        new GetCommand(), new ManifestCommand(), new CacheCommand(), new RouteCommand(),
                        new ReportCommand(), new BenchCommand(), new FleetBenchCommand())
                .forEach(root::addSubcommand);
        root.addSubcommand(new CommandLine.HelpCommand());
        return root;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
