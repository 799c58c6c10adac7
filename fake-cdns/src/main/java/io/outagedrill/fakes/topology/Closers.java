package io.outagedrill.fakes.topology;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Everything a topology started, newest first, to close in that order. Start threads add to it side by side, so
 * when a later part fails to start, what had started is still known and can be closed.
 */
final class Closers {
    private final Deque<AutoCloseable> parts = new ConcurrentLinkedDeque<>();

    /** Registers a started part to be closed with the topology (or when a later part fails to start). */
    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** Closes each part even when one fails; returns the failure, if any, with later ones suppressed in it. */
    RuntimeException closeAll() {
        RuntimeException failure = null;
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the topology failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
