package io.outagedrill.client.manifest;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link VersionStore} in a map; nothing survives the process. */
public final class InMemoryVersionStore implements VersionStore {

    private final ConcurrentMap<String, Accepted> versions = new ConcurrentHashMap<>();

    @Override
    public Optional<Accepted> highest(String file) {
        return Optional.ofNullable(versions.get(file));
    }

    @Override
    public void record(String file, long version, Instant at) {
        versions.merge(file, new Accepted(version, at), (old, neu) -> neu.version() > old.version() ? neu : old);
    }

    @Override
    public void forget(String file) {
        versions.remove(file);
    }
}
