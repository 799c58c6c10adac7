package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.FileVersionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code manifest forget}: the documented manual reset of the rollback memory for one file name. */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Forget the highest manifest version accepted for FILE, so a lower version is accepted "
                + "again. Only for recovery after a key compromise signed an absurdly high version: this "
                + "re-opens FILE to rollbacks until the next manifest is accepted."})
final class ManifestForgetCommand extends ManifestSubcommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The manifest's file name, e.g. video.mp4.")
    String file;

    @Option(names = "--versions", paramLabel = "FILE",
            description = "Version memory (default: $XDG_STATE_HOME/outage-drill/versions.json).")
    Path versionsFile;

    @Override
    int run() {
        FileVersionStore store = new FileVersionStore(versionsFile != null ? versionsFile
                : FileVersionStore.defaultPath());
        var before = store.highest(file);
        store.forget(file);
        out().println(before.map(a -> "forgot version %d of %s (accepted on %s) in %s"
                        .formatted(a.version(), file, a.at(), store.path()))
                .orElse("nothing remembered for %s in %s".formatted(file, store.path())));
        return ExitCodes.OK;
    }
}
