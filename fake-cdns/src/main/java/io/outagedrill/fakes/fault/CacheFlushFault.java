package io.outagedrill.fakes.fault;

import java.util.Objects;

/** Empty an edge's cache so the next requests go to its origin (Fastly 2021's cold caches). */
public record CacheFlushFault(String id, String target) implements Fault {
    public CacheFlushFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
    }

    @Override
    public String kind() {
        return "cache.flush";
    }
}
