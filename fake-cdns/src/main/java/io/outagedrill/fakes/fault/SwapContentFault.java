package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;

import java.util.Objects;

/**
 * The target serves another file of the world instead ({@link FaultRule.SwapContent}), named rather than held: the
 * file's bytes, size and ETag are the world's, which exist only once it runs (a scenario's file may take the run's
 * seed). The wrong-software attack, or a new version picked up mid-download.
 *
 * @param scope null for every request
 */
public record SwapContentFault(String id, String target, Scope scope, String file) implements ServerFault {
    public SwapContentFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(file, "file: required");
        scope = scope == null ? Scope.all() : scope;
    }

    @Override
    public String kind() {
        return "http.swap-content";
    }
}
