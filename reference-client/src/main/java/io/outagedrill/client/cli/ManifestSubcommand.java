package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every {@code manifest} subcommand shares: output through picocli's writers (so a parent command or a
 * test can capture it) and one mapping from exceptions to {@link ExitCodes} ({@link CommandFailures}).
 */
abstract class ManifestSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Does the work and returns an exit code; throws for failures. */
    abstract int run();

    @Override
    public final Integer call() {
        return CommandFailures.run(this::run, err());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
