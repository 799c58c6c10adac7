package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.publish.PublishedVersions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code manifest keygen}: a new signing key as a private JWK file plus the public half in a JWK Set. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a signing key. The private JWK stays with the publisher (written owner-only, never "
                + "overwritten); the public key is added to the JWK Set clients trust, which is created if "
                + "absent. Adding a second key to an existing set is how keys are rotated."})
final class ManifestKeygenCommand extends ManifestSubcommand {

    @Option(names = "--alg", required = true, paramLabel = "ES256|EdDSA",
            description = "Signature algorithm: ${COMPLETION-CANDIDATES}.")
    ManifestAlgorithm algorithm;

    @Option(names = "--kid", required = true, paramLabel = "NAME",
            description = "Key id put in every signature header; 1-64 of A-Z a-z 0-9 . _ -")
    String keyId;

    @Option(names = "--out-private", required = true, paramLabel = "FILE", description = "Private JWK to create.")
    Path privateFile;

    @Option(names = "--out-public", required = true, paramLabel = "FILE",
            description = "Public JWK Set to create or add to.")
    Path publicFile;

    @Option(names = "--versions-from", paramLabel = "OLD.jwk",
            description = "On a key rotation: the key this one replaces. The versions it published (OLD.jwk"
                    + ".published.json) are carried over, so --version auto with the new key goes on after them "
                    + "instead of starting at 1, which clients refuse as a rollback.")
    Path previousKey;

    @Override
    int run() {
        JWK key;
        try {
            key = ManifestKeys.generate(algorithm, keyId);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kid: " + e.getMessage());
        }
        // Everything that can refuse is checked before the private key is written: a key whose public half is in no
        // set, left under a name a second try then refuses to overwrite, helps nobody.
        OutputFiles.requireFolder(spec.commandLine(), "--out-private", privateFile, "the private key file");
        OutputFiles.requireFolder(spec.commandLine(), "--out-public", publicFile, "the public key set");
        // One file for both wrote the private key, then failed to read it as a key set, in words naming neither
        // option; over OLD.jwk, the old key would be read as the set clients trust.
        Map<String, Path> others = new LinkedHashMap<>();
        others.put("--out-private", privateFile);
        others.put("--versions-from", previousKey);
        OutputFiles.requireNotAnInput(spec.commandLine(), "--out-public", publicFile, "the public key set", others);
        if (ManifestKeys.publicKeys(publicFile).stream().anyMatch(k -> keyId.equals(k.getKeyID()))) {
            throw new CommandLine.ParameterException(spec.commandLine(), ("--kid: %s already holds a key with kid "
                    + "\"%s\"; pick another kid (nothing was written)").formatted(publicFile, keyId));
        }
        PublishedVersions earlier = previousKey == null ? null : earlierVersions();
        ManifestKeys.writePrivate(key, privateFile);
        try {
            ManifestKeys.addToPublicSet(key, publicFile);
        } catch (RuntimeException e) {
            deleteQuietly(privateFile, e);
            throw e;
        }
        PublishedVersions published = PublishedVersions.besideKey(privateFile);
        if (earlier != null) {
            published.carryOver(earlier);
        }
        out().printf("created %s key \"%s\"%n  private key: %s (keep it secret)%n  public key set: %s "
                + "(give this to clients)%n", algorithm, keyId, privateFile, publicFile);
        if (earlier != null) {
            out().printf("  versions published with %s carried over: %s%n", previousKey, published.file());
        }
        return ExitCodes.OK;
    }

    private PublishedVersions earlierVersions() {
        PublishedVersions earlier = PublishedVersions.besideKey(previousKey);
        if (!Files.isRegularFile(earlier.file())) {
            throw new CommandLine.ParameterException(spec.commandLine(), ("--versions-from: %s has published nothing "
                    + "(no %s beside it); name the key that signed the manifests clients have now")
                    .formatted(previousKey, earlier.file()));
        }
        return earlier;
    }

    private static void deleteQuietly(Path file, RuntimeException cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
