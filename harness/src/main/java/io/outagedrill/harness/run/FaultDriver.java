package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.FaultContext;
import io.outagedrill.fakes.topology.FaultNotApplicableException;
import io.outagedrill.fakes.topology.Topology;
import java.io.IOException;
import java.util.List;

/**
 * A scenario's faults acted out on a running {@link Topology} by fake-cdns' fault handlers (the admin API's too),
 * their random draws seeded from the run's seed and the fault id; each is undone by its id.
 */
final class FaultDriver {
    private final AppliedFaults faults;

    /** A fault kind the scenario format knows but this topology cannot act out: reported, not hidden. */
    static final class NotSupportedHere extends RuntimeException {
        NotSupportedHere(String message) {
            super(message);
        }
    }

    FaultDriver(Topology world, long seed) {
        this.faults = new AppliedFaults(new FaultContext(world, seed));
    }


    void apply(Fault fault) throws IOException, InterruptedException {
        try {
            faults.apply(fault);
        } catch (FaultNotApplicableException e) {
            throw new NotSupportedHere(e.getMessage());
        }
    }

    void clear(String id) throws IOException, InterruptedException {
        faults.clear(id);
    }

    /** How often fault {@code id} acted ({@link AppliedFaults#acted}): 0 when no request met it. */
    long acted(String id) {
        return faults.acted(id);
    }

    List<String> activeIds() {
        return faults.activeIds();
    }

    void clearAll() throws IOException, InterruptedException {
        faults.clearAll();
    }
}
