package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.publish.ManifestRenewal;
import io.outagedrill.client.publish.PublishedVersions;
import com.nimbusds.jose.jwk.JWK;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code manifest renew}: the same signed manifest with a later expiry, for a job that runs before it lapses. */
@Command(name = "renew", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify SIGNED.jws and sign the same manifest (file, hashes, mirrors, version) again with a "
                + "later expiry. The old signature is checked against the key's own public half, or against --trust "
                + "after a key rotation."})
final class ManifestRenewCommand extends ManifestSubcommand {

    @Parameters(index = "0", paramLabel = "SIGNED.jws", description = "The signed manifest to renew.")
    Path manifestFile;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.jwk", description = "The key that signs the renewal.")
    Path keyFile;

    @Mixin
    ManifestIssueOptions issue;

    @Option(names = "--trust", paramLabel = "KEYS.jwks",
            description = "Public keys the old manifest may be signed with (default: the public half of --key).")
    Path trustFile;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.jws", description = "Where to write it (default: over SIGNED.jws).")
    Path outFile;

    Clock clock = Clock.systemUTC();

    @Override
    int run() {
        InputFiles.require(spec.commandLine(), "SIGNED.jws", manifestFile);
        InputFiles.require(spec.commandLine(), "--key", keyFile);
        InputFiles.requireIfGiven(spec.commandLine(), "--trust", trustFile);
        if (outFile != null) {
            OutputFiles.requireFolder(spec.commandLine(), "-o", outFile);
        }
        // Over SIGNED.jws is what renew does by default; over the key or the trusted set it would lose them.
        Map<String, Path> keys = new LinkedHashMap<>();
        keys.put("--key", keyFile);
        keys.put("--trust", trustFile);
        OutputFiles.requireNotAnInput(spec.commandLine(), outFile != null ? "-o" : "SIGNED.jws",
                outFile != null ? outFile : manifestFile, keys);
        ManifestJson.Options options = issue.json();
        JWK key = ManifestKeys.readPrivate(keyFile);
        ManifestSigner signer = new ManifestSigner(key, options);
        TrustStore trust = TrustStore.loadOrPublicHalf(trustFile, key);
        byte[] signed;
        try {
            signed = Files.readAllBytes(manifestFile);
        } catch (IOException e) {
            throw new ClientException("cannot read %s: %s".formatted(manifestFile, IoErrors.describe(e)), e);
        }
        ManifestRenewal.Renewed renewed = new ManifestRenewal(trust, signer, options).renew(signed,
                manifestFile.toString(), issue.expiresFrom(clock.instant()));
        Path target = outFile != null ? outFile : manifestFile;
        byte[] jws = (renewed.jws() + "\n").getBytes(StandardCharsets.US_ASCII);
        PublishedVersions published = PublishedVersions.besideKey(keyFile);
        try {
            published.publish(renewed.manifest().file(), renewed.manifest().version(), clock.instant(),
                    () -> OutputFiles.replace(target, jws));
        } catch (PublishedVersions.Below below) {
            // Renewing keeps the version, so the record's advice (publish a higher one) is not this command's: a
            // renewed older copy would be refused by every client that saw the newer one, as a rollback.
            throw new ClientException(("%s is version %d of %s, and this key has published version %d since (kept "
                    + "in %s): renew the newest copy (the one drill route or manifest create wrote last), not this "
                    + "one; nothing was written").formatted(manifestFile, renewed.manifest().version(),
                    renewed.manifest().file(), below.published(), published.file()), below);
        }
        out().printf("renewed %s version %d (was signed by \"%s\") with key \"%s\", now expires %s: %s%n",
                renewed.manifest().file(), renewed.manifest().version(), renewed.oldKeyId(), signer.keyId(),
                renewed.manifest().expires(), target);
        return ExitCodes.OK;
    }
}
