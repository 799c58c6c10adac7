package io.outagedrill.harness.containers;

import io.outagedrill.harness.scenario.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a containers run says before anything starts: for each scenario, the steps real servers cannot act out
 * and why (the run notes them as not acted out, as any world does for a fault it lacks), or that a scenario's
 * topology cannot be built of real servers at all, which skips that scenario.
 */
public final class RealServerFitReport {
    private RealServerFitReport() {
    }

    /**
     * Prints the report for {@code scenarios} and returns those that can run on real servers, in order; the
     * others are skipped, each with a line saying why.
     */
    public static List<Scenario> print(List<Scenario> scenarios, PrintStream out) {
        List<Scenario> fits = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            List<String> blockers = RealServerFit.blockers(scenario);
            if (!blockers.isEmpty()) {
                out.printf("%s skipped, it cannot run on real servers: %s (run it with --world embedded)%n",
                        scenario.name(), String.join("; ", blockers));
                continue;
            }
            fits.add(scenario);
            List<RealServerLimit> limits = RealServerFit.limits(scenario);
            if (limits.isEmpty()) {
                out.printf("%s: every step can be acted out on real servers%n", scenario.name());
            } else {
                out.printf(Locale.ROOT, "%s: %d step(s) cannot be acted out on real servers; the run notes them, "
                        + "unplayed:%n", scenario.name(), limits.size());
                limits.forEach(limit -> out.println("  " + limit.describe()));
            }
        }
        return List.copyOf(fits);
    }
}
