package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.Printable;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.ManifestRejectedException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The one mapping from a command's failure to its {@link ExitCodes} and its line on stderr, shared by the
 * {@code manifest} subcommands and by commands of other modules that read and sign manifests ({@code drill route}),
 * so a script sees a rejected manifest as 3 whichever command met it.
 */
public final class CommandFailures {

    /** A command's work: returns its exit code, and throws for the failures {@link #run} maps. */
    @FunctionalInterface
    public interface Work {
        int run() throws IOException, InterruptedException;
    }

    private CommandFailures() {
    }

    /**
     * What to say after a manifest refused for an insecure URL: the library's words say plain http must be
     * enabled, not how, and every command that reads a manifest has the flag that does it. By the reason alone,
     * not the message's words (an ftp URL gets the same reason; the hint says when it applies).
     */
    static java.util.Optional<String> plainHttpHint(ManifestRejectedException e) {
        return e.reason() == ManifestRejectedException.Reason.INSECURE_MIRROR
                ? java.util.Optional.of("hint: if these are plain-http URLs of a loopback test setup, --allow-http "
                        + "accepts them")
                : java.util.Optional.empty();
    }

    /**
     * Runs {@code work}: a rejected manifest is {@link ExitCodes#MANIFEST_REJECTED} with its reason, an I/O error,
     * a client error or a bad argument {@link ExitCodes#DOWNLOAD_FAILED} with its message, an interrupt
     * {@link ExitCodes#INTERRUPTED}; anything else (a usage error, a bug) is thrown on.
     */
    public static int run(Work work, PrintWriter err) {
        try {
            return work.run();
        } catch (ManifestRejectedException e) {
            err.printf("manifest rejected (%s): %s%n", e.reason(),
                    Printable.lines(String.valueOf(e.getMessage())));
            plainHttpHint(e).ifPresent(err::println);
            return ExitCodes.MANIFEST_REJECTED;
        } catch (IOException | ClientException | IllegalArgumentException e) {
            err.println(Printable.lines(String.valueOf(e.getMessage())));
            return ExitCodes.DOWNLOAD_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }
}
