package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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

    @Override
    int run() {
        JWK key;
        try {
            key = ManifestKeys.generate(algorithm, keyId);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kid: " + e.getMessage());
        }
        ManifestKeys.writePrivate(key, privateFile);
        ManifestKeys.addToPublicSet(key, publicFile);
        out().printf("created %s key \"%s\"%n  private key: %s (keep it secret)%n  public key set: %s "
                + "(give this to clients)%n", algorithm, keyId, privateFile, publicFile);
        return ExitCodes.OK;
    }
}
