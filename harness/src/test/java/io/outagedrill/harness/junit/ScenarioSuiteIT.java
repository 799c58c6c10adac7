package io.outagedrill.harness.junit;

import static io.outagedrill.harness.junit.RunResultAssert.assertThat;

import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario file in {@code scenarios/} against the reference client with its default policy: each one is
 * a test whose failure names the SLOs missed. Runs in {@code mvn verify} (Failsafe).
 */
class ScenarioSuiteIT {
    private static final Path SCENARIOS = Path.of(System.getProperty("outagedrill.scenarios", "../scenarios"));
    private static final Path RESULTS = Path.of(System.getProperty("outagedrill.results", "target/drill-results"));
    /**
     * Clients per group in {@code mvn verify}: enough to see failover, few enough to keep the build well under
     * ten minutes on two cores. {@code -Doutagedrill.clients=0} runs every scenario at full size (the soak).
     */
    private static final int CLIENTS = Integer.getInteger("outagedrill.clients", 6);

    @TestFactory
    Stream<DynamicTest> everyScenarioMeetsItsSlosWithTheReferenceClient() {
        return ScenarioLoader.loadAll(SCENARIOS).stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(),
                () -> assertThat(run(scenario)).meetsSlos()));
    }

    private static RunResult run(Scenario scenario) throws Exception {
        return new ScenarioRunner().run(scenario, RunOptions.defaults(RESULTS).withClient("reference")
                .withClientCount(CLIENTS > 0 ? CLIENTS : null));
    }
}
