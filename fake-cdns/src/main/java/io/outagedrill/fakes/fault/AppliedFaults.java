package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.topology.Topology;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults acting on one world, by id: applies each through its family's handler and remembers how to undo it,
 * so a fault is cleared by its id alone. Shared by the harness's timeline and the admin API. Applying an id again
 * stacks on the earlier application; clearing takes back every one, newest first.
 */
public final class AppliedFaults {
    private final FaultContext context;
    private final FaultHandlers handlers = new FaultHandlers();
    /** Undo actions per active fault id, newest last. */
    private final Map<String, Deque<Undo>> active = new LinkedHashMap<>();
    /** Every application of each id, cleared or not, for {@link #acted}. */
    private final Map<String, List<Undo>> applied = new LinkedHashMap<>();

    public AppliedFaults(FaultContext context) {
        this.context = context;
    }

    /** Faults on {@code world}, their draws seeded from the world's seed. */
    public AppliedFaults(Topology world) {
        this(FaultContext.of(world));
    }


    /**
     * Acts out {@code fault}, wholly or not at all. Throws
     * {@link io.outagedrill.fakes.topology.FaultNotApplicableException} for a fault this world cannot act out,
     * {@link java.util.NoSuchElementException} for a target it does not have.
     */
    public synchronized void apply(Fault fault) throws IOException, InterruptedException {
        Undo undo = handlers.apply(fault, context);
        active.computeIfAbsent(fault.id(), id -> new ArrayDeque<>()).add(undo);
        applied.computeIfAbsent(fault.id(), id -> new ArrayList<>()).add(undo);
    }

    /**
     * How often the fault {@code id} has acted over all its applications, cleared ones included (responses its HTTP
     * rules changed); {@link Undo#UNCOUNTED} where its family counts nothing, or it was never applied. 0 is a fault
     * no request met: a run that judges clients under it judged them as if it had not happened.
     */
    public synchronized long acted(String id) {
        return Undo.sum(applied.getOrDefault(id, List.of()));
    }

    /** Acts out {@code fault} as {@link #apply} does, unless its id is already active: then false, and nothing done. */
    public synchronized boolean applyNew(Fault fault) throws IOException, InterruptedException {
        if (active.containsKey(fault.id())) {
            return false;
        }
        applied.remove(fault.id()); // a fault made anew under an id cleared before: the admin API's kept no history
        apply(fault);
        return true;
    }

    /** Takes back every application of {@code id}; false when none is active. */
    public synchronized boolean clear(String id) throws IOException, InterruptedException {
        Deque<Undo> undo = active.remove(id);
        if (undo == null) {
            return false;
        }
        while (!undo.isEmpty()) {
            undo.removeLast().run();
        }
        return true;
    }

    public synchronized void clearAll() throws IOException, InterruptedException {
        for (String id : new ArrayList<>(active.keySet())) {
            clear(id);
        }
    }

    /** The ids of active faults, oldest first. */
    public synchronized List<String> activeIds() {
        return List.copyOf(active.keySet());
    }
}
