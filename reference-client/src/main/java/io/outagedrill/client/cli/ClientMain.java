package io.outagedrill.client.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The reference client on its own ({@code java -jar reference-client.jar get ...}): {@code get},
 * {@code manifest} and {@code cache}. The {@code ./drill} launcher offers the same commands beside the harness's.
 */
@Command(name = "drill", mixinStandardHelpOptions = true, version = ClientMain.VERSION, addMethodSubcommands = false,
        description = "A multi-mirror downloader that never hands over a bad file.")
public final class ClientMain implements Runnable {
    static final String VERSION = "Outage Drill reference client 0.1";
    /** The commands whose options a {@code --config FILE} supplies. */
    private static final List<String> CONFIG_FILE_COMMANDS = List.of("get", "cache");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        CliProcess.claim(args);
        System.exit(execute(commandLine(args), args));
    }

    /**
     * The tree for these arguments. For {@code get} only {@code get}, and built without annotations (see
     * {@link GetCommand}): picocli reads every command's annotations when a tree is made, and a download should
     * not wait for the manifest and cache commands' models before its first request. The root is named and
     * versioned as {@link ClientMain}, so usage and errors read the same.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0 && args[0].equals("get")) {
            // Nothing to run on its own: with "get" first, picocli always goes on to the subcommand.
            CommandSpec root = CommandSpec.create().name("drill").version(VERSION);
            StandardHelpOptions.addTo(root);
            root.addSubcommand("get", new GetCommand().spec());
            return UsageErrors.on(SubcommandVersions.inherit(new CommandLine(root)));
        }
        return SubcommandVersions.inherit(commandLine());
    }

    /** Every command: {@code get}, {@code manifest}, {@code cache} and {@code help}, in the order help lists them. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new ClientMain()); // the root alone: the subcommands are added below
        root.addSubcommand("get", new CommandLine(new GetCommand().spec()));
        // As CommandLines made here: picocli applies model transformers (the cache commands' options) only in a
        // tree whose root the caller constructed, not to a command object handed to addSubcommand.
        root.addSubcommand(new CommandLine(new ManifestCommand()));
        root.addSubcommand(new CommandLine(new CacheCommand()));
        root.addSubcommand(new CommandLine.HelpCommand());
        return UsageErrors.on(root);
    }

    /**
     * Runs a command line whose root has the client's {@code get} and {@code cache} subcommands, honouring their
     * {@code --config FILE}.
     */
    public static int execute(CommandLine root, String[] args) {
        // Only the command being run reads the file: another command's --config is its own usage error, or none.
        CommandLine command = args.length > 0 && CONFIG_FILE_COMMANDS.contains(args[0])
                ? root.getSubcommands().get(args[0]) : null;
        if (command != null) {
            try {
                // The keys from the whole client tree, built only when a file is given: get's fast start has a
                // root with get alone, and the file serves the cache commands as well.
                Optional<String> config = ConfigFile.apply(command, args, () -> ConfigFile.keysOf(
                        CONFIG_FILE_COMMANDS.stream().map(commandLine().getSubcommands()::get).toList()));
                if (config.isPresent()) { // for cache, the file reaches list, prune and clear
                    CommandLine.IParameterExceptionHandler usage = root.getParameterExceptionHandler();
                    root.setParameterExceptionHandler((e, given) -> usage.handleParseException(
                            ConfigFile.naming(e, given, config.get()), given));
                }
            } catch (CommandLine.ParameterException e) {
                return UsageErrors.report(e);
            }
        }
        return root.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command: get, manifest or cache");
    }
}
