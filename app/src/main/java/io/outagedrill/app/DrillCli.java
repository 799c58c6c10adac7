package io.outagedrill.app;

import io.outagedrill.client.cli.CliProcess;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.client.cli.SubcommandVersions;
import io.outagedrill.client.cli.UsageErrors;
import io.outagedrill.client.job.ExitCodes;
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
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.cli.ReportCommand;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./drill}: every module's commands in one place. The harness's {@code run} and {@code compare} are handed
 * the reports module's writer here, so they end with a report although the harness cannot depend on reports.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill 0.1",
        addMethodSubcommands = false, // no @Command methods: picocli need not read every method's annotations
        description = "Chaos and failover drills for multi-CDN downloaders, and a reference client that passes them.")
public final class DrillCli implements Runnable {

    /** Commands the reference client's own tree ({@link ClientMain}) answers exactly as the full tree does. */
    static final List<String> CLIENT_COMMAND_ORDER = List.of("get", "manifest", "cache");
    static final Set<String> CLIENT_COMMANDS = Set.copyOf(CLIENT_COMMAND_ORDER);

    public static void main(String[] args) {
        CliProcess.claim(args);
        System.exit(ClientMain.execute(commandLine(args), args));
    }

    /**
     * The tree for these arguments: for the client's commands only the client's tree, so that {@code drill get}
     * does not load and introspect the harness, reports and benchmark commands (picocli reads every command's
     * annotations when it is added) before its first request; the full tree otherwise.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0 && CLIENT_COMMANDS.contains(args[0])) {
            return ClientMain.commandLine(args);
        }
        return commandLine();
    }

    /** The assembled command tree, in the order {@code drill help} lists it. */
    static CommandLine commandLine() {
        ReportSink reports = Reports::record;
        CommandLine root = new CommandLine(new DrillCli());
        // The client's commands as the client's own tree builds them (get from its own model, every transfer
        // option included; cache with its cache options).
        CommandLine client = ClientMain.commandLine();
        List.of(new ListCommand(), new RunCommand(reports), new CompareCommand(reports), new DemoCommand(),
                        new TopologyCommand(), new ToxiproxyCommand())
                .forEach(root::addSubcommand);
        CLIENT_COMMAND_ORDER.forEach(name -> root.addSubcommand(name, client.getSubcommands().get(name)));
        List.of(new RouteCommand(), new ReportCommand(), new BenchCommand(), new FleetBenchCommand())
                .forEach(root::addSubcommand);
        root.addSubcommand(new CommandLine.HelpCommand());
        root.setExecutionExceptionHandler(DrillCli::badInput);
        return UsageErrors.on(SubcommandVersions.inherit(root));
    }

    /**
     * A scenario file that cannot be used (run, compare, list, demo, bench and topology load them) is the user's
     * input, not a crash: its problems, each with file, line, column and field, and exit code 2, with no stack
     * trace. Anything else goes on to picocli's default handling.
     */
    private static int badInput(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ScenarioException bad) {
            command.getErr().println(bad.getMessage());
            command.getErr().flush();
            return ExitCodes.USAGE;
        }
        throw e;
    }

    @Spec
    private CommandSpec spec;

    /**
     * {@code drill} alone is a usage error naming the commands, as {@code drill manifest} alone is: usage of this
     * object rather than of the assembled tree printed "Usage: drill [-hV]" without a single command, and exit 0.
     */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
