package io.outagedrill.fakes.manifest;

import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Target;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a path's published versions and a replica's fault into the body that replica serves. Signing goes
 * through the reference client's {@link ManifestSigner}, never by hand, so "validly signed" here means what
 * the client means by it; only the deliberately broken forms (a flipped signature bit, {@code alg: none})
 * are assembled from parts.
 */
final class ManifestRenderer {
    private final ManifestSigner signer;
    private final Clock clock;
    private final ForeignKeys foreignKeys = new ForeignKeys();

    ManifestRenderer(ManifestSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * The body for {@code history} (oldest first, never empty) under {@code fault} (null: none); {@code latestOf}
     * gives the latest manifest published for a file name, for {@link ReplicaFault.OtherFile}.
     */
    ManifestDocument render(String path, List<Published> history, ReplicaFault fault,
                            Function<String, Optional<Published>> latestOf) {
        Published latest = history.getLast();
        Manifest manifest = latest.manifest();
        return switch (fault) {
            case null -> jose(path, latest.jws());
            case ReplicaFault.Refused refused -> jose(path, latest.jws());
            case ReplicaFault.Unavailable unavailable -> jose(path, latest.jws());
            case ReplicaFault.Expired expired -> jose(path, signer.sign(manifest.withExpires(
                    clock.instant().minusSeconds(expired.agoSeconds()))));
            case ReplicaFault.Rollback rollback -> jose(path, older(history));
            case ReplicaFault.BadSignature bad -> jose(path, flipSignatureBit(latest.jws()));
            case ReplicaFault.Unsigned unsigned -> switch (unsigned.form()) {
                case ALG_NONE -> jose(path, algNone(manifest));
                case PLAIN_JSON -> new ManifestDocument(path,
                        new String(ManifestJson.write(manifest), StandardCharsets.UTF_8), ManifestDocument.JSON);
            };
            case ReplicaFault.WrongFileMirror wrong -> {
                Target t = manifest.target();
                Target pointed = new Target(t.file(), t.size(), t.sha256(), t.mimeType(), t.chunkSize(), t.chunks(),
                        List.of(wrong.mirror()));
                yield jose(path, signer.sign(manifest.withTarget(pointed)));
            }
            case ReplicaFault.OtherFile other -> jose(path, latestOf.apply(other.file()).orElse(latest).jws());
            case ReplicaFault.ForeignKey foreign -> jose(path, foreignKeys.sign(manifest, foreign.form(), signer));
            case ReplicaFault.Exact exact -> new ManifestDocument(path, exact.body(),
                    exact.body().stripLeading().startsWith("{") ? ManifestDocument.JSON : ManifestDocument.JOSE);
        };
    }

    private String older(List<Published> history) {
        if (history.size() >= 2) {
            return history.get(history.size() - 2).jws();
        }
        Manifest only = history.getLast().manifest();
        if (only.version() == 0) {
            return history.getLast().jws(); // nothing is older than version 0
        }
        return signer.sign(only.withVersion(only.version() - 1));
    }

    /** Flips the lowest bit of the signature's first byte: still base64url of the right length, now invalid. */
    static String flipSignatureBit(String jws) {
        int dot = jws.lastIndexOf('.');
        byte[] signature = new Base64URL(jws.substring(dot + 1)).decode();
        signature[0] ^= 0x01;
        return jws.substring(0, dot + 1) + Base64URL.encode(signature);
    }

    /** {@code alg: none} with the kid and typ a signed manifest would have, and an empty signature. */
    private String algNone(Manifest manifest) {
        String header = "{\"alg\":\"none\",\"kid\":\"%s\",\"typ\":\"%s\"}"
                .formatted(signer.keyId(), ManifestSigner.TYPE.getType());
        return Base64URL.encode(header) + "." + Base64URL.encode(ManifestJson.write(manifest)) + ".";
    }

    private static ManifestDocument jose(String path, String jws) {
        return new ManifestDocument(path, jws, ManifestDocument.JOSE);
    }
}
