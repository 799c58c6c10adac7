package io.outagedrill.harness.junit;

import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.nio.file.Path;
import java.util.Optional;

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
        if (clients != -1) {
            RunOptions.clientCountProblem(clients).ifPresent(why -> {
                throw new IllegalArgumentException("@OutageScenario(clients = %d): %s; -1 (the default) plays the "
                        .formatted(clients, why) + "scenario's own counts");
            });
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

    /**
     * Why these values cannot be played with {@code scenario}, checked as {@code drill run} checks its options
     * before anything starts: a client that is not installed (or a {@code cmd:} program that is not there), or a
     * policy no client of the run takes. The runner would play such a run all the same, the policy silently
     * replaced by the client's default while the record carries its name. An adapter takes any policy name.
     */
    Optional<String> problem(Scenario scenario) {
        if (hasAdapter()) {
            return Optional.empty();
        }
        return SystemsUnderTest.choiceProblem(scenario, Optional.of(client).filter(c -> !c.isEmpty()),
                Optional.of(policy).filter(p -> !p.isEmpty())).map(problem -> switch (problem.choice()) {
                    case CLIENT -> "@OutageScenario(client = \"%s\"): %s".formatted(client, problem.why());
                    case POLICY -> "@OutageScenario(policy = \"%s\"): %s".formatted(policy, problem.why());
                    case SCENARIO_CLIENT -> problem.why();
                });
    }

    /** How a failure message names this run. */
    String describe() {
        return "scenario '%s'%s%s%s".formatted(scenario,
                hasAdapter() ? " with adapter " + adapter.getSimpleName() : client.isEmpty() ? "" : " with " + client,
                seed >= 0 ? " (seed " + seed + ")" : "", world == World.EMBEDDED ? "" : " on containers");
    }
}
