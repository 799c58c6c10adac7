package io.outagedrill.client.cli;

import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestVerifier;
import java.util.List;
import java.util.regex.Pattern;
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

    /** A URL's scheme ({@code ftp://...}): one that is not http(s) would be read as a file path that is not there. */
    private static final Pattern OTHER_SCHEME = Pattern.compile("(?i)(?!https?://)[a-z][a-z0-9+.-]*://.*");

    static void requireUsable(CommandSpec spec, List<String> locations, String expectedFile) {
        for (String location : locations) {
            if (OTHER_SCHEME.matcher(location).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "expected a manifest's https URL or "
                        + "file path, saw %s: the client fetches manifests over https (http with --allow-http)"
                        .formatted(location));
            }
        }
        ManifestFetcher.mixProblem(locations).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        });
        if (expectedFile != null) {
            ManifestVerifier.fileNameProblem(expectedFile, "--file").ifPresent(problem -> {
                throw new CommandLine.ParameterException(spec.commandLine(), problem);
            });
        }
    }
}
