package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.outagedrill.fakes.manifest.ReplicaFault;

import java.util.Objects;

/**
 * What manifest replicas serve instead of the good signed manifest ({@link ReplicaFault}).
 *
 * @param replica the 1-based replica affected, or null for every replica
 */
public record ManifestFault(String id, Integer replica, ReplicaFault serve) implements Fault {
    public ManifestFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(serve, "serve: required, e.g. {\"type\": \"rollback\"}");
        if (replica != null && replica < 1) {
            throw new IllegalArgumentException("replica: expected 1 or more (1-based), saw " + replica);
        }
        if (serve instanceof ReplicaFault.WrongFileMirror) {
            throw new IllegalArgumentException("serve: name the mirror with a wrong-file-mirror fault instead");
        }
    }

    @Override
    @JsonIgnore
    public String target() {
        return "manifest";
    }

    @Override
    public String kind() {
        return "manifest." + switch (serve) {
            case ReplicaFault.Refused r -> "down";
            case ReplicaFault.Unavailable u -> "unavailable";
            case ReplicaFault.Expired e -> "expired";
            case ReplicaFault.Rollback r -> "rollback";
            case ReplicaFault.BadSignature b -> "bad-signature";
            case ReplicaFault.Unsigned u -> "unsigned";
            case ReplicaFault.WrongFileMirror w -> "wrong-file-mirror";
            case ReplicaFault.OtherFile o -> "other-file";
            case ReplicaFault.ForeignKey f -> "foreign-key";
            case ReplicaFault.Exact e -> "exact";
        };
    }
}
