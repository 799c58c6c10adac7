package io.outagedrill.client.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed description of one file: the fields a multi-CDN manifest needs ({@code file}, {@code size}, {@code sha256},
 * {@code expires}, {@code mirrors}) extended with a monotonic {@code version}, per-chunk hashes and
 * degraded {@code alternates}. See README "Manifest format" for the JSON.
 *
 * @param target     the main file
 * @param expires    after this instant (plus the client's allowed clock skew) the manifest is rejected
 * @param version    monotonic per file name; a lower version than one already accepted is a rollback
 * @param alternates degraded variants, in the order the publisher prefers them
 */
public record Manifest(Target target, Instant expires, long version, List<Alternate> alternates) {
    public Manifest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expires, "expires");
        alternates = List.copyOf(alternates);
    }

    public String file() {
        return target.file();
    }

    public Optional<Alternate> alternate(String name) {
        return alternates.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
