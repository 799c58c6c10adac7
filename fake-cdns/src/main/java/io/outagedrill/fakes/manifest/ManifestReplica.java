package io.outagedrill.fakes.manifest;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One replica of a {@link ManifestService}: its own {@link FakeCdn} (host name, loopback address, port,
 * HTTP or HTTPS) serving every published manifest, and a {@link ReplicaFault} switchable while clients
 * fetch. HTTP-level faults (stalls, cuts, 429s) on top come from {@link #cdn()}{@code .faults()}.
 */
public final class ManifestReplica {
    private final FakeCdn cdn;
    private final ManifestRenderer renderer;
    /** The service's lock: publishing and switching faults re-render under it, so no render overwrites a newer one. */
    private final Object lock;
    /** The service's published versions per path, read and written only under {@link #lock}. */
    private final Map<String, List<Published>> published;
    private ReplicaFault fault;
    private ActiveFault unavailable;

    ManifestReplica(FakeCdn cdn, ManifestRenderer renderer, Object lock, Map<String, List<Published>> published) {
        this.cdn = cdn;
        this.renderer = renderer;
        this.lock = lock;
        this.published = published;
    }

    public String hostname() {
        return cdn.hostname();
    }

    /** The URL of a manifest path on this replica, as a client's list of replicas names it. */
    public URI url(String path) {
        return cdn.url(path);
    }

    /** The server underneath: its address, stats, certificate and HTTP-level faults. */
    public FakeCdn cdn() {
        return cdn;
    }

    public Optional<ReplicaFault> fault() {
        synchronized (lock) {
            return Optional.ofNullable(fault);
        }
    }

    /**
     * Serves {@code fault} for every path from now on (and after later publishes), replacing any other.
     * Responses already under way finish with what they started.
     */
    public ManifestReplica fault(ReplicaFault fault) {
        Objects.requireNonNull(fault, "fault");
        synchronized (lock) {
            if (fault instanceof ReplicaFault.OtherFile other && latestOf(other.file()).isEmpty()) {
                throw new IllegalArgumentException("other-file: expected a file with a published manifest, saw \"%s\"; "
                        .formatted(other.file()) + "published: " + published.values().stream()
                        .map(h -> h.getLast().manifest().file()).sorted().toList());
            }
            apply(fault);
        }
        return this;
    }

    /** Serves the latest signed manifests again. */
    public ManifestReplica clearFault() {
        synchronized (lock) {
            apply(null);
        }
        return this;
    }

    private void apply(ReplicaFault next) {
        this.fault = next;
        published.forEach(this::render);
        // Switch the transport last, so the first request after a replica comes back sees the new bodies.
        if (next instanceof ReplicaFault.Unavailable) {
            // The rule may have been cleared behind this handle's back (cdn().faults().clear()).
            if (unavailable == null || unavailable.isCleared()) {
                unavailable = cdn.faults().add(FaultRule.Status.of(503));
            }
        } else if (unavailable != null) {
            unavailable.clear();
            unavailable = null;
        }
        if (next instanceof ReplicaFault.Refused) {
            cdn.refuseConnections();
        } else {
            cdn.acceptConnections();
        }
    }

    /** Re-renders one path (after a publish or a fault switch); caller holds the lock. */
    void render(String path, List<Published> history) {
        cdn.files().host(path, renderer.render(path, history, fault, this::latestOf));
    }

    /** The latest manifest published for {@code file} at any path; caller holds the lock. */
    private Optional<Published> latestOf(String file) {
        return published.values().stream().map(List::getLast).filter(p -> p.manifest().file().equals(file))
                .findFirst();
    }

    /**
     * After a publish at {@code path} (caller holds the lock): that path again, and, while this replica serves
     * another file's manifest everywhere ({@link ReplicaFault.OtherFile}), every path, since the file published
     * may be the one it serves.
     */
    void republished(String path) {
        if (fault instanceof ReplicaFault.OtherFile) {
            published.forEach(this::render);
        } else {
            render(path, published.get(path));
        }
    }

    void withdraw(String path) {
        cdn.files().unhost(path);
        if (fault instanceof ReplicaFault.OtherFile) {
            published.forEach(this::render); // the file withdrawn may be the one served everywhere
        }
    }

    void close() {
        cdn.close();
    }

    @Override
    public String toString() {
        return "ManifestReplica[" + cdn.hostname() + ", fault " + fault().map(Object::toString).orElse("none") + "]";
    }
}
