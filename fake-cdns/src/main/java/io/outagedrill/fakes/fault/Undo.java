package io.outagedrill.fakes.fault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/** How to take back what a {@link FaultHandler} did. */
@FunctionalInterface
public interface Undo {
    /** For faults that change something once and leave nothing to take back (a cache flush). */
    Undo NOTHING = () -> {
    };

    void run() throws IOException, InterruptedException;

    /** {@link #acted()} where nothing counts how often the change acted. */
    long UNCOUNTED = -1;

    /**
     * How often the change has acted so far (responses an HTTP rule changed), or {@link #UNCOUNTED} where nothing
     * counts that: a toxic, a DNS answer, a rule a real server acts out.
     */
    default long acted() {
        return UNCOUNTED;
    }

    /** {@code undo}, counting by {@code acted} (which may return {@link #UNCOUNTED}). */
    static Undo counted(Undo undo, LongSupplier acted) {
        return new Undo() {
            @Override
            public void run() throws IOException, InterruptedException {
                undo.run();
            }

            @Override
            public long acted() {
                return acted.getAsLong();
            }
        };
    }

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
        return counted(() -> {
            for (Undo undo : newestFirst) {
                undo.run();
            }
        }, () -> sum(newestFirst));
    }

    /** The changes' counts added up; {@link #UNCOUNTED} when any is, or when there are none. */
    static long sum(List<Undo> undos) {
        long sum = 0;
        for (Undo undo : undos) {
            long acted = undo.acted();
            if (acted == UNCOUNTED) {
                return UNCOUNTED;
            }
            sum += acted;
        }
        return undos.isEmpty() ? UNCOUNTED : sum;
    }
}
