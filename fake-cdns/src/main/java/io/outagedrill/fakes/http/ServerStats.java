package io.outagedrill.fakes.http;

import java.util.Map;

/** A snapshot of a {@link FileServer}'s traffic, per request path. */
public record ServerStats(Map<String, PathStats> byPath) {
    public ServerStats {
        byPath = Map.copyOf(byPath);
    }

    public PathStats path(String path) {
        return byPath.getOrDefault(path, PathStats.NONE);
    }

    public long requests(String path) {
        return path(path).requests();
    }

    public long bytesSent(String path) {
        return path(path).bytesSent();
    }

    public long totalRequests() {
        return byPath.values().stream().mapToLong(PathStats::requests).sum();
    }
}
