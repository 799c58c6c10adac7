package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.publish.PublishedVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code manifest sign}: checks a manifest JSON file and signs its exact bytes into a compact JWS. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Check MANIFEST.json against the format rules and sign its exact bytes into a compact JWS "
                + "(one that has expired already is refused, as every client would refuse it). The algorithm "
                + "follows from the key (EC P-256: ES256, Ed25519: EdDSA)."})
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
        OutputFiles.requireNotAnInput(spec.commandLine(), "-o", outFile,
                Map.of("MANIFEST.json", manifestFile, "--key", keyFile));
        ManifestSigner signer = new ManifestSigner(ManifestKeys.readPrivate(keyFile),
                new ManifestJson.Options(allowHttp));
        try {
            byte[] json = Files.readAllBytes(manifestFile);
            Manifest manifest = parse(json);
            Instant now = clock.instant();
            if (!manifest.expires().isAfter(now)) {
                // As create refuses --expires-in 0s: signed, it would be refused by every client, whatever it says.
                throw new ManifestRejectedException(ManifestRejectedException.Reason.EXPIRED, ("expires: %s expired at "
                        + "%s, before it is signed (now %s): every client would refuse it; give it a later expiry "
                        + "(manifest create --expires-in writes one)").formatted(manifestFile, manifest.expires(),
                        now.truncatedTo(ChronoUnit.SECONDS)));
            }
            if (manifest.expires().isAfter(now.plus(ManifestIssueOptions.MAX_LIFETIME))) {
                // As create and renew refuse --expires-in over that: the expiry is what bounds a frozen or replayed
                // copy, and a JSON edited by hand must not sign past the bound the options keep.
                throw new ManifestRejectedException(ManifestRejectedException.Reason.MALFORMED, ("expires: %s "
                        + "expires at %s, more than %d days after it is signed (now %s): until then a frozen or "
                        + "replayed copy is accepted by clients; give it an earlier expiry and renew it (manifest "
                        + "renew) to keep it longer").formatted(manifestFile, manifest.expires(),
                        ManifestIssueOptions.MAX_LIFETIME_DAYS, now.truncatedTo(ChronoUnit.SECONDS)));
            }
            // As create does: never below what this key published, and recorded, so --version auto goes on after it.
            byte[] jws = (signer.sign(json) + "\n").getBytes(StandardCharsets.US_ASCII);
            PublishedVersions.besideKey(keyFile).publish(manifest.file(), manifest.version(), now,
                    () -> OutputFiles.replace(outFile, jws));
            out().printf("signed %s version %d with key \"%s\" (%s): %s%n", manifest.file(), manifest.version(),
                    signer.keyId(), signer.algorithm(), outFile);
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new ClientException("cannot sign %s into %s: %s".formatted(manifestFile, outFile,
                    IoErrors.describe(e)), e);
        }
    }

    /**
     * The JSON as a manifest, a refusal naming the file first: the parser knows only the line and field
     * ("manifest: not valid JSON at line 7, column 12"), and a publisher's job may sign many files.
     */
    private Manifest parse(byte[] json) {
        try {
            return ManifestJson.parse(json, new ManifestJson.Options(allowHttp));
        } catch (ManifestRejectedException e) {
            throw new ManifestRejectedException(e.reason(), manifestFile + ": " + e.getMessage(), e);
        }
    }
}
