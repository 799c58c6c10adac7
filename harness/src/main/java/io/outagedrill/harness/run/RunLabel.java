package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.sut.SystemsUnderTest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The client and policy a run of a scenario is named by (its table row, its record file's name), for the built-in
 * clients and {@code cmd:} templates: {@code --client}, else each group's own client; {@code --policy}, else each
 * group's own as the client playing it takes it, else the policy that client runs with when given none ("adaptive"
 * for the reference client, as {@code drill compare} names it; "default" for the others).
 * Several groups' names are joined with "+". One place, so that a run that could not be played is named in the
 * table as a played one would have been. (A user's own adapter names itself: {@link Fleet}.)
 */
public final class RunLabel {
    private RunLabel() {
    }

    public static String clients(Scenario scenario, Optional<String> client) {
        return client.orElseGet(() -> scenario.clients().stream().map(g -> ScenarioRunner.name(g.client()))
                .distinct().collect(Collectors.collectingAndThen(Collectors.joining("+"),
                        joined -> joined.isEmpty() ? "reference" : joined)));
    }

    public static String policies(Scenario scenario, Optional<String> client, Optional<String> policy) {
        return policy.orElseGet(() -> scenario.clients().stream()
                .map(g -> SystemsUnderTest.policyLabel(client.orElse(ScenarioRunner.name(g.client())), g.policy()))
                .distinct().collect(Collectors.collectingAndThen(Collectors.joining("+"),
                        joined -> joined.isEmpty() ? "default" : joined)));
    }

    /**
     * The reference-client policies of {@code listed} to play {@code scenario} with: "default" is left out where, for
     * this scenario, it names another policy listed (with {@code --policies adaptive,default} on a scenario of no
     * policy, both are adaptive; played twice, the two runs would carry one label and pool as if rounds of one).
     */
    public static List<String> distinctPolicies(Scenario scenario, String client, List<String> listed) {
        String named = policies(scenario, Optional.of(client), Optional.empty());
        return listed.stream().distinct()
                .filter(p -> !(p.equals("default") && !named.equals("default") && listed.contains(named)))
                .toList();
    }
}
