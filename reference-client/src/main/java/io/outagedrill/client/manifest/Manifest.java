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
 * @param routed     the mirrors' order was set by a routing controller ({@code drill route}), which probes every
 *                   mirror and reads the providers' status pages itself: a client keeps that order and reads no
 *                   status page, since a page the controller judged wrong (one that cries wolf while its CDN serves
 *                   every byte) would otherwise move the healthy CDN behind the one the controller demoted
 */
public record Manifest(Target target, Instant expires, long version, List<Alternate> alternates, boolean routed) {
    public Manifest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expires, "expires");
        alternates = List.copyOf(alternates);
    }

    /** A manifest in the publisher's own order (not {@link #routed}). */
    public Manifest(Target target, Instant expires, long version, List<Alternate> alternates) {
        this(target, expires, version, alternates, false);
    }

    /** The same manifest, marked as ordered by a routing controller. */
    public Manifest asRouted() {
        return new Manifest(target, expires, version, alternates, true);
    }

    /** The same manifest with another main file description (its mirrors, say); routed or not as this one. */
    public Manifest withTarget(Target other) {
        return new Manifest(other, expires, version, alternates, routed);
    }

    /** The same manifest with another expiry. */
    public Manifest withExpires(Instant other) {
        return new Manifest(target, other, version, alternates, routed);
    }

    /** The same manifest with another version. */
    public Manifest withVersion(long other) {
        return new Manifest(target, expires, other, alternates, routed);
    }

    public String file() {
        return target.file();
    }

    public Optional<Alternate> alternate(String name) {
        return alternates.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
