package io.outagedrill.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * A usage error in a few lines, as curl and git answer one: what is wrong, picocli's suggestions for a mistyped
 * option or command, and where the options are. picocli's own handler prints the command's whole help after the
 * error, which for {@code get} is some 150 lines that scroll the error itself out of sight.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    /** Sets this handler on {@code root} and on every command below it. */
    public static CommandLine on(CommandLine root) {
        return root.setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        return report(e);
    }

    /** Prints the error as above; returns the exit code for it (2, a usage error). */
    static int report(CommandLine.ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.printf("Try '%s --help' for the options.%n", command.getCommandSpec().qualifiedName());
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
