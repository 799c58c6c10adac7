package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The reference client on its own ({@code java -jar reference-client.jar get ...}): {@code get},
 * {@code manifest} and {@code cache}. The {@code ./drill} launcher offers the same commands beside the harness's.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill reference client 0.1",
        addMethodSubcommands = false,
        description = "A multi-mirror downloader that never hands over a bad file.",
        subcommands = {GetCommand.class, ManifestCommand.class, CacheCommand.class, CommandLine.HelpCommand.class})
public final class ClientMain implements Runnable {

    public static void main(String[] args) {
        CliProcess.claim(args);
        System.exit(execute(commandLine(args), args));
    }

    /**
     * The tree for these arguments. For {@code get} only {@code get}: picocli reads every command's annotations
     * and builds its options when a tree is made, and a download should not wait for the manifest and cache
     * commands' models before its first request. The root is named and versioned as {@link ClientMain}, so usage
     * and errors read the same.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0 && args[0].equals("get")) {
            return new CommandLine(new GetOnly());
        }
        return new CommandLine(new ClientMain());
    }

    @Command(name = "drill", mixinStandardHelpOptions = true, version = "Outage Drill reference client 0.1",
            subcommands = GetCommand.class, addMethodSubcommands = false)
    static final class GetOnly implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "expected a command: get");
        }
    }

    /**
     * Runs a command line whose root has the client's {@code get} and {@code cache} subcommands, honouring their
     * {@code --config FILE}.
     */
    public static int execute(CommandLine root, String[] args) {
        for (String name : List.of("get", "cache")) {
            CommandLine command = root.getSubcommands().get(name);
            if (command != null) {
                try {
                    ConfigFile.apply(command, args); // for cache, this reaches list, prune and clear
                } catch (CommandLine.ParameterException e) {
                    root.getErr().println(e.getMessage());
                    return ExitCodes.USAGE;
                }
            }
        }
        return root.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected a command: get, manifest or cache");
    }
}
