package io.outagedrill.fakes.fault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How to take back what a {@link FaultHandler} did. */
@FunctionalInterface
public interface Undo {
    /** For faults that change something once and leave nothing to take back (a cache flush). */
    Undo NOTHING = () -> {
    };

    void run() throws IOException, InterruptedException;

    /** One change per item, as a step that returns how to take it back. */
    @FunctionalInterface
    interface Step<T> {
        Undo apply(T item) throws IOException, InterruptedException;
    }

    /**
     * Applies {@code step} to each item in order; the result takes them back newest first. If a step fails, the
     * items already changed are taken back before the failure is thrown, so a fault is applied wholly or not at all.
     */
    static <T> Undo each(List<T> items, Step<T> step) throws IOException, InterruptedException {
        List<Undo> done = new ArrayList<>();
        try {
            for (T item : items) {
                done.add(step.apply(item));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                inReverse(done).run();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return inReverse(done);
    }

    /** Runs {@code undos} newest first, as a stack of changes is taken back. */
    static Undo inReverse(List<Undo> undos) {
        List<Undo> newestFirst = new ArrayList<>(undos);
        Collections.reverse(newestFirst);
        return () -> {
            for (Undo undo : newestFirst) {
                undo.run();
            }
        };
    }
}
