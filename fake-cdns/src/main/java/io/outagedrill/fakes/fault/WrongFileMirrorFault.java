package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.outagedrill.fakes.manifest.ReplicaFault;

import java.util.Objects;

/**
 * The wrong-software attack through a signed manifest ({@link ReplicaFault.WrongFileMirror}), naming the provider
 * rather than holding its URL: the signed manifest's only mirror becomes {@code mirror}'s URL for another file of the
 * world, a genuine file served correctly that is not the one the manifest describes.
 *
 * @param replica the 1-based replica affected, or null for every replica
 */
public record WrongFileMirrorFault(String id, Integer replica, String mirror) implements Fault {
    public WrongFileMirrorFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(mirror, "mirror: required");
        if (replica != null && replica < 1) {
            throw new IllegalArgumentException("replica: expected 1 or more (1-based), saw " + replica);
        }
    }

    @Override
    @JsonIgnore
    public String target() {
        return "manifest";
    }

    @Override
    public String kind() {
        return "manifest.wrong-file-mirror";
    }
}
