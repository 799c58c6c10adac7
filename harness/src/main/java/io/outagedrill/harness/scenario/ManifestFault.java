package io.outagedrill.harness.scenario;

/**
 * What the manifest service serves instead of the good signed manifest.
 *
 * @see #replica() the 1-based replica affected, or null for every replica
 */
public sealed interface ManifestFault extends Fault {
    Integer replica();

    default String target() {
        return "manifest";
    }

    record Down(String id, Integer replica) implements ManifestFault {
    }

    /** A once-valid manifest whose {@code expires} has passed (freeze attack). */
    record Expired(String id, Integer replica) implements ManifestFault {
    }

    /** @param version the older version served; null for one below the current */
    record Rollback(String id, Integer replica, Long version) implements ManifestFault {
    }

    record BadSignature(String id, Integer replica) implements ManifestFault {
    }

    /** {@code alg: none}. */
    record Unsigned(String id, Integer replica) implements ManifestFault {
    }

    /** A validly signed manifest whose entry for {@code mirror} points at another file. */
    record WrongFileMirror(String id, Integer replica, String mirror) implements ManifestFault {
    }
}
