package io.outagedrill.fakes.containers;

import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code http.corrupt-bytes} on real servers: a mirror that lies is a mirror whose copy of the file has bad bytes.
 * The providers registered here serve their own copy of the world's files (the others share one), and a rule
 * inverts the bytes at its offsets in each of the provider's files on its path ({@link CorruptibleFile}) until its
 * handle runs. Every response that carries such a byte carries it bad, as in-process, where the rule corrupts every
 * response of the provider unless its scope narrows it.
 */
public final class CorruptibleCopies {
    private final Map<String, Map<String, CorruptibleFile>> byProvider = new ConcurrentHashMap<>();

    /**
     * Why a server's own copy cannot act out {@code scope}, or empty when it can: a bad byte on disk is in every
     * response that carries it, so only a path narrows it (the files on that path); a share, a count, a warm-up or
     * a byte range of requests picks requests, not bytes.
     */
    public static Optional<String> unsupported(Scope scope) {
        if (scope.probability() != null || scope.times() != null || scope.afterRequests() > 0
                || scope.bytes() != null || scope.perClient()) {
            return Optional.of("a real server's bad copy of a file is bad in every response that carries the "
                    + "byte; a share, count, warm-up, per-client count or byte range of requests in the scope is the "
                    + "fake file server's");
        }
        return Optional.empty();
    }

    /** The provider's files, by the path it serves each at ({@code /video.mp4}), as its own copy on the host. */
    void register(String provider, Map<String, Path> files) {
        Map<String, CorruptibleFile> own = new ConcurrentHashMap<>();
        files.forEach((path, file) -> own.put(path, new CorruptibleFile(file)));
        byProvider.put(provider, own);
    }

    /**
     * Inverts the bytes at the rule's offsets in each of the provider's files on the scope's path, until the
     * returned handle runs; throws {@link FaultNotApplicableException}, saying why, when the provider has no copy
     * of its own or the scope picks requests.
     */
    Runnable corrupt(String provider, FaultRule.CorruptBytes rule, Scope scope) {
        unsupported(scope).ifPresent(reason -> {
            throw new FaultNotApplicableException(reason);
        });
        Map<String, CorruptibleFile> own = byProvider.get(provider);
        if (own == null) {
            throw new FaultNotApplicableException("provider " + provider + " has no copy of the files of its own "
                    + "to corrupt (an S3Proxy store, or an nginx sharing the files because no corrupt-bytes step "
                    + "named it when the world started), so " + rule + " cannot be acted out on it; providers with "
                    + "their own copy: " + new TreeSet<>(byProvider.keySet()));
        }
        List<Runnable> undo = new ArrayList<>();
        new TreeSet<>(own.keySet()).stream().filter(scope::matchesPath)
                .forEach(path -> undo.add(own.get(path).invert(rule.offsets())));
        return () -> undo.forEach(Runnable::run);
    }
}
