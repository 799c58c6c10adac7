package io.outagedrill.fakes.fault;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults that set one thing of a target (a link up or down, the answer for a host name, the certificate a server
 * presents, a status page's word, what a manifest replica serves) overlap as a scenario's timeline writes them: the
 * newest acts; clearing an older one changes nothing; clearing the newest puts the one before it back; clearing the
 * last one restores the target. Without this, the first clear of two overlapping faults restored the target while
 * the second was still on (and its window, and the SLOs judged in it, said so).
 *
 * <p>Not thread-safe: {@link AppliedFaults} calls it under its own lock. Written here: no library keeps a stack of
 * settings per key with "re-assert the one below" semantics.
 */
final class Slots {
    /** One change to a slot: how to make it, and how to restore the target when no change is left. */
    @FunctionalInterface
    interface Change {
        void make() throws IOException, InterruptedException;
    }

    private static final class Layer {
        private final Change set;

        Layer(Change set) {
            this.set = set;
        }
    }

    private final Map<String, Deque<Layer>> slots = new HashMap<>();

    /**
     * Makes {@code set} on {@code slot} now; the returned undo takes this layer away as described above, running
     * {@code restore} when it was the last.
     */
    Undo take(String slot, Change set, Change restore) throws IOException, InterruptedException {
        set.make();
        Layer layer = new Layer(set);
        slots.computeIfAbsent(slot, key -> new ArrayDeque<>()).addLast(layer);
        return () -> release(slot, layer, restore);
    }

    private void release(String slot, Layer layer, Change restore) throws IOException, InterruptedException {
        Deque<Layer> layers = slots.get(slot);
        if (layers == null) {
            return;
        }
        boolean newest = layers.peekLast() == layer;
        layers.removeLastOccurrence(layer); // identity: Layer has no equals
        if (layers.isEmpty()) {
            slots.remove(slot);
            restore.make();
        } else if (newest) {
            layers.peekLast().set.make();
        }
    }
}
