package io.outagedrill.client.cli;

import io.outagedrill.client.EditDistance;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * A usage error in a few lines, as curl and git answer one: what is wrong, picocli's suggestions for a mistyped
 * option or command, and where the options are. picocli's own handler prints the command's whole help after the
 * error, which for {@code get} is some 150 lines that scroll the error itself out of sight.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    /**
     * Sets this handler on {@code root} and on every command below it, and makes an unknown command a usage error
     * with {@code --help} too ({@link #refuseUnknownCommand}).
     */
    public static CommandLine on(CommandLine root) {
        CommandLine.IExecutionStrategy run = root.getExecutionStrategy();
        return root.setParameterExceptionHandler(new UsageErrors()).setExecutionStrategy(parsed -> {
            refuseUnknownCommand(parsed);
            return run.execute(parsed);
        });
    }

    /**
     * picocli skips its check of unmatched arguments once help is asked for, so {@code drill manifest inspect --help}
     * printed the help of {@code manifest} and exited 0, as if {@code inspect} were one of its commands. A word that
     * is no command is refused as it is without {@code --help}.
     */
    private static void refuseUnknownCommand(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.unmatched().isEmpty()) {
            return;
        }
        var unmatched = new CommandLine.UnmatchedArgumentException(last.commandSpec().commandLine(), last.unmatched());
        if (isUnknownCommand(last.commandSpec().commandLine(), unmatched)) {
            throw unmatched;
        }
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        return report(e);
    }

    /** Prints the error as above; returns the exit code for it (2, a usage error). */
    static int report(CommandLine.ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && isUnknownCommand(command, unmatched)) {
            unknownCommand(command, unmatched, err);
        } else {
            err.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.printf("Try '%s --help' for the options.%n", name);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A word where a command with subcommands expects one of them ({@code drill bogus}): the first thing given to
     * it. A stray word after its own options ({@code drill bench --scenarios a b}) is an unmatched argument as before.
     */
    private static boolean isUnknownCommand(CommandLine command, CommandLine.UnmatchedArgumentException e) {
        List<String> unmatched = e.getUnmatched();
        CommandLine.ParseResult parsed = command.getParseResult();
        return !command.getSubcommands().isEmpty() && command.getCommandSpec().positionalParameters().isEmpty()
                && (parsed == null || parsed.matchedArgs().stream().allMatch(UsageErrors::isHelpOption))
                && !unmatched.isEmpty() && !unmatched.get(0).isEmpty() && !unmatched.get(0).startsWith("-");
    }

    /**
     * Names the word and the commands there are, and suggests one only when it is a likely typo: picocli always
     * offers the most similar command, however far ({@code drill bogus} got "Did you mean: drill topology?").
     */
    private static void unknownCommand(CommandLine command, CommandLine.UnmatchedArgumentException e,
                                       PrintWriter err) {
        String typed = e.getUnmatched().get(0);
        String name = command.getCommandSpec().qualifiedName();
        List<String> commands = command.getSubcommands().keySet().stream()
                .filter(c -> !command.getSubcommands().get(c).getCommandSpec().usageMessage().hidden()).toList();
        err.printf("Unknown command '%s'. The commands: %s.%n", typed, String.join(", ", commands));
        List<String> close = commands.stream().filter(c -> likelyTypo(typed, c)).map(c -> name + " " + c).toList();
        if (!close.isEmpty()) {
            err.printf("Did you mean: %s?%n", String.join(" or ", close));
        }
        err.printf("Try '%s --help' for what each does.%n", name);
    }

    /** {@code --help} or {@code --version}: given with a word that is no command, they do not make it an argument. */
    private static boolean isHelpOption(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec option && (option.usageHelp() || option.versionHelp());
    }

    /** {@code typed} begins {@code command} or the other way round, or is {@linkplain EditDistance#close close}. */
    static boolean likelyTypo(String typed, String command) {
        return command.startsWith(typed) || typed.startsWith(command) || EditDistance.close(typed, command);
    }
}
