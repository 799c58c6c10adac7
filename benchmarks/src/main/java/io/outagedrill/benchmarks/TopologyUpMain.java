package io.outagedrill.benchmarks;

import io.outagedrill.fakes.topology.Topology;

/**
 * The child process {@link JvmLaunchBenchmark} launches: prints {@code main} as soon as it runs, then either
 * {@code up} at once ({@code empty}: the JVM alone) or {@code up} once the typical topology has started
 * ({@code topology}), then closes it and exits.
 */
public final class TopologyUpMain {
    static final String MAIN = "main";
    static final String UP = "up";

    private TopologyUpMain() {
    }

    public static void main(String[] args) {
        System.out.println(MAIN);
        if (args.length == 1 && args[0].equals("topology")) {
            try (Topology topology = TopologyStartBenchmark.startTypical(1)) {
                System.out.println(UP);
                System.out.flush();
            }
        } else {
            System.out.println(UP);
        }
    }
}
