package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.publish.PublishedVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code manifest sign}: checks a manifest JSON file and signs its exact bytes into a compact JWS. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Check MANIFEST.json against the format rules and sign its exact bytes into a compact JWS. "
                + "The algorithm follows from the key (EC P-256: ES256, Ed25519: EdDSA)."})
final class ManifestSignCommand extends ManifestSubcommand {

    @Parameters(index = "0", paramLabel = "MANIFEST.json", description = "The manifest to sign.")
    Path manifestFile;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.jwk", description = "Private signing key.")
    Path keyFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.jws", description = "Where to write the JWS.")
    Path outFile;

    @Option(names = "--allow-http", description = "Allow plain-http mirror URLs (loopback test manifests only).")
    boolean allowHttp;

    Clock clock = Clock.systemUTC();

    @Override
    int run() {
        InputFiles.require(spec.commandLine(), "MANIFEST.json", manifestFile);
        InputFiles.require(spec.commandLine(), "--key", keyFile);
        OutputFiles.requireFolder(spec.commandLine(), "-o", outFile);
        ManifestSigner signer = new ManifestSigner(ManifestKeys.readPrivate(keyFile),
                new ManifestJson.Options(allowHttp));
        try {
            byte[] json = Files.readAllBytes(manifestFile);
            Manifest manifest = ManifestJson.parse(json, new ManifestJson.Options(allowHttp));
            // As create does: never below what this key published, and recorded, so --version auto goes on after it.
            byte[] jws = (signer.sign(json) + "\n").getBytes(StandardCharsets.US_ASCII);
            PublishedVersions.besideKey(keyFile).publish(manifest.file(), manifest.version(), clock.instant(),
                    () -> OutputFiles.replace(outFile, jws));
            out().printf("signed %s version %d with key \"%s\" (%s): %s%n", manifest.file(), manifest.version(),
                    signer.keyId(), signer.algorithm(), outFile);
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new ClientException("cannot sign %s into %s: %s".formatted(manifestFile, outFile,
                    IoErrors.describe(e)), e);
        }
    }
}
