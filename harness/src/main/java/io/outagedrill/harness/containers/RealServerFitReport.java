package io.outagedrill.harness.containers;

import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.util.List;

/**
 * What a containers run says before anything starts: for each scenario, the steps real servers cannot act out
 * and why (the run notes them as not acted out, as any world does for a fault it lacks), or that a scenario's
 * topology cannot be built of real servers at all.
 */
public final class RealServerFitReport {
    private RealServerFitReport() {
    }

    /** Prints the report for {@code scenarios}; false when any of them cannot run on real servers at all. */
    public static boolean print(List<Scenario> scenarios, PrintStream out) {
        boolean fits = true;
        for (Scenario scenario : scenarios) {
            List<String> blockers = RealServerFit.blockers(scenario);
            if (!blockers.isEmpty()) {
                out.printf("%s cannot run on real servers: %s (run it with --world embedded)%n", scenario.name(),
                        String.join("; ", blockers));
                fits = false;
                continue;
            }
            List<RealServerLimit> limits = RealServerFit.limits(scenario);
            if (limits.isEmpty()) {
                out.printf("%s: every step can be acted out on real servers%n", scenario.name());
            } else {
                out.printf("%s: %d step(s) cannot be acted out on real servers; the run notes them, unplayed:%n",
                        scenario.name(), limits.size());
                limits.forEach(limit -> out.println("  " + limit.describe()));
            }
        }
        return fits;
    }
}
