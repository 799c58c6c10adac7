package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.manifest.ManifestRejectedException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every {@code manifest} subcommand shares: output through picocli's writers (so a parent command or a
 * test can capture it) and one mapping from exceptions to {@link ExitCodes}.
 */
abstract class ManifestSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Does the work and returns an exit code; throws for failures. */
    abstract int run();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (ManifestRejectedException e) {
            err().printf("manifest rejected (%s): %s%n", e.reason(), e.getMessage());
            return ExitCodes.MANIFEST_REJECTED;
        } catch (ClientException | IllegalArgumentException e) {
            err().println(e.getMessage());
            return ExitCodes.DOWNLOAD_FAILED;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
