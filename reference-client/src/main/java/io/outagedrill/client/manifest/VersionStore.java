package io.outagedrill.client.manifest;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the highest manifest {@code version} accepted per file name, so an older signed manifest served
 * later (a rollback, or a mirror frozen on old content) is rejected. Only versions from manifests that passed
 * every check are recorded, so an attacker without a trusted key cannot push the memory up (fast-forward).
 *
 * <p><b>Key rotation and recovery.</b> The memory is keyed by file name, not by key, and survives a key
 * rotation: a publisher that rotates keys keeps counting versions up. If a compromised key signed an absurdly
 * high version, every genuine manifest looks like a rollback until the memory for that file is reset. That is
 * a deliberate manual step: {@link #forget(String)} (or {@code manifest forget FILE} on the command line), or
 * delete the versions file of {@link FileVersionStore} to reset every file.
 *
 * <p>Implementations are thread-safe.
 */
public interface VersionStore {

    /**
     * A version accepted for a file.
     *
     * @param version the manifest's version
     * @param at      when the client accepted it, by the client's clock (for "accepted on ..." messages)
     */
    record Accepted(long version, Instant at) {
    }

    /** The highest version accepted for {@code file}, if any. */
    Optional<Accepted> highest(String file);

    /** Records {@code version} for {@code file} unless a higher one is already recorded (never lowers it). */
    void record(String file, long version, Instant at);

    /** Drops what is remembered for {@code file}: the documented reset after a key compromise. */
    void forget(String file);

    /** A store that lives as long as the object: for tests and for library users who keep their own state. */
    static VersionStore inMemory() {
        return new InMemoryVersionStore();
    }
}
