package io.outagedrill.client.cli;

import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestVerifier;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The usage errors of what a command asks of manifests ({@code get} and {@code manifest verify} alike), said
 * before any key is read or replica asked: replicas that mix signed manifests with unsigned {@code .meta4} files,
 * and a {@code --file} that cannot be a file name.
 */
final class ManifestRequest {
    private ManifestRequest() {
    }

    static void requireUsable(CommandSpec spec, List<String> locations, String expectedFile) {
        ManifestFetcher.mixProblem(locations).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        });
        if (expectedFile != null) {
            ManifestVerifier.fileNameProblem(expectedFile).ifPresent(problem -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "--file: " + problem);
            });
        }
    }
}
