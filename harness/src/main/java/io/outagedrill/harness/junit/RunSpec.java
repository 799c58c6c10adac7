package io.outagedrill.harness.junit;

import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.sut.SystemUnderTest;
import java.nio.file.Path;

/**
 * The values of one {@link OutageScenario} annotation: two annotations with equal values ask for the same run, so
 * this is the key a class's runs are kept under.
 */
record RunSpec(String scenario, String client, Class<? extends SystemUnderTest> adapter, String policy, long seed,
               int clients, String scenarios, String results, World world) {

    static RunSpec of(OutageScenario annotation) {
        return new RunSpec(annotation.value(), annotation.client(), annotation.adapter(), annotation.policy(),
                annotation.seed(), annotation.clients(), annotation.scenarios(), annotation.results(),
                annotation.world());
    }

    boolean hasAdapter() {
        return adapter != SystemUnderTest.class;
    }

    /** The run options these values ask for, with {@code ownAdapter} (made from {@link #adapter()}) or null. */
    RunOptions options(SystemUnderTest ownAdapter) {
        if (clients == 0 || clients < -1) {
            // As drill run --clients refuses it: no client would download, and every SLO would be "not judged".
            throw new IllegalArgumentException(("@OutageScenario(clients = %d): expected at least 1 client per group, "
                    + "or -1 (the default) for the scenario's own counts").formatted(clients));
        }
        RunOptions options = RunOptions.defaults(Path.of(results))
                .withClient(client.isEmpty() ? null : client)
                .withPolicy(policy.isEmpty() ? null : policy)
                .withClientCount(clients < 0 ? null : clients);
        if (seed >= 0) {
            options = options.withSeed(seed);
        }
        return ownAdapter == null ? options : options.withAdapter(ownAdapter);
    }

    /** How a failure message names this run. */
    String describe() {
        return "scenario '%s'%s%s%s".formatted(scenario,
                hasAdapter() ? " with adapter " + adapter.getSimpleName() : client.isEmpty() ? "" : " with " + client,
                seed >= 0 ? " (seed " + seed + ")" : "", world == World.EMBEDDED ? "" : " on containers");
    }
}
