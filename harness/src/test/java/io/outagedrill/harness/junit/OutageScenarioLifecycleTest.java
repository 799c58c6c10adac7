package io.outagedrill.harness.junit;

import static io.outagedrill.harness.junit.OnlyUnderTestKit.failureMessages;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * How often {@link OutageScenario} runs a scenario, and what a test sees when it cannot: sample classes run through
 * the EngineTestKit, with a counting adapter telling how many runs there were.
 */
class OutageScenarioLifecycleTest {
    /** A one-client scenario that plays in about a second. */
    static final String TINY = "one-client-503";
    static final String TINY_FOLDER = "src/test/resources/junit";

    /** The results the samples' tests were handed, in the order they ran. */
    static final List<RunResult> SEEN = new CopyOnWriteArrayList<>();
    /** How many adapters were closed while a sample's test ran. */
    static final List<Integer> CLOSED_DURING_TESTS = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCounting() {
        CountingAdapter.reset();
        SEEN.clear();
        CLOSED_DURING_TESTS.clear();
    }

    @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class)
    @ExtendWith(OnlyUnderTestKit.class)
    static class ThreeTestsOfOneClassRun {
        @Test
        void theRunIsDoneBeforeAnyTest() {
            assertThat(CountingAdapter.created()).isEqualTo(1);
        }

        @Test
        void first(RunResult result) {
            see(result);
        }

        @Test
        void second(RunResult result) {
            see(result);
        }

        @Test
        void third(RunResult result) {
            see(result);
        }
    }

    @Test
    void aClassLevelScenarioRunsOnceForAllItsTestsAndItsAdapterIsClosedWhenTheClassEnds() {
        EngineExecutionResults results = OnlyUnderTestKit.run(ThreeTestsOfOneClassRun.class);

        assertThat(failureMessages(results.allEvents())).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(CountingAdapter.created()).as("scenario runs").isEqualTo(1);
        assertThat(SEEN).hasSize(3).allSatisfy(result -> assertThat(result).isSameAs(SEEN.getFirst()));
        assertThat(SEEN.getFirst().scenario()).isEqualTo(TINY);
        assertThat(SEEN.getFirst().client()).isEqualTo("counting");
        assertThat(SEEN.getFirst().downloads()).singleElement()
                .satisfies(download -> assertThat(download.succeeded()).as("the one download succeeded").isTrue());
        assertThat(CLOSED_DURING_TESTS).as("adapters closed while the tests ran").containsOnly(0);
        assertThat(CountingAdapter.closed()).as("adapters closed after the class").isEqualTo(1);
    }

    @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class)
    @ExtendWith(OnlyUnderTestKit.class)
    static class MethodAnnotations {
        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class)
        void sameAsTheClass(RunResult result) {
            see(result);
        }

        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class, seed = 5)
        void anotherSeed(RunResult result) {
            see(result);
        }

        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class, seed = 5)
        void anotherSeedAgain(RunResult result) {
            see(result);
        }
    }

    @Test
    void aMethodLevelScenarioIsRunOnceForEveryMethodThatAsksForTheSameValues() {
        EngineExecutionResults results = OnlyUnderTestKit.run(MethodAnnotations.class);

        assertThat(failureMessages(results.allEvents())).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(CountingAdapter.created()).as("scenario runs: the class's and the one with seed 5")
                .isEqualTo(2);
        assertThat(SEEN.stream().map(RunResult::seed).distinct()).as("seeds of the runs handed out")
                .containsExactlyInAnyOrder(77L, 5L);
        assertThat(SEEN.stream().distinct()).as("distinct runs handed out").hasSize(2);
        assertThat(CountingAdapter.closed()).as("adapters closed after the class").isEqualTo(2);
    }

    @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class)
    @ExtendWith(OnlyUnderTestKit.class)
    static class WithNestedTests {
        @Test
        void outer(RunResult result) {
            see(result);
        }

        @Nested
        class Inner {
            @Test
            void inner(RunResult result) {
                see(result);
            }
        }
    }

    @Test
    void aNestedClassGetsTheRunOfItsEnclosingClass() {
        EngineExecutionResults results = OnlyUnderTestKit.run(WithNestedTests.class);

        assertThat(failureMessages(results.allEvents())).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(CountingAdapter.created()).as("scenario runs").isEqualTo(1);
        assertThat(SEEN).hasSize(2).allSatisfy(result -> assertThat(result).isSameAs(SEEN.getFirst()));
    }

    @ExtendWith({OnlyUnderTestKit.class, OutageScenarioExtension.class})
    static class NoScenarioInScope {
        @Test
        void wantsAResult(RunResult result) {
            see(result);
        }
    }

    @Test
    void aRunResultWithoutAnyScenarioInScopeFailsSayingWhereToPutOne() {
        EngineExecutionResults results = OnlyUnderTestKit.run(NoScenarioInScope.class);

        assertThat(failureMessages(results.testEvents())).singleElement().asString()
                .contains("NoScenarioInScope.wantsAResult(...) takes a RunResult, but no @OutageScenario is in scope")
                .contains("annotate the method or its class");
        assertThat(SEEN).isEmpty();
    }

    /** Where it was looked for: no folder given, no outagedrill.scenarios set, so ./scenarios alone. */
    static final String NOT_FOUND = "no scenario 'no-such-scenario': not in "
            + java.nio.file.Path.of("scenarios").toAbsolutePath() + ", nor among the built-in ones";

    @ExtendWith(OnlyUnderTestKit.class)
    static class UnknownScenarioOnAMethod {
        @OutageScenario("no-such-scenario")
        void wantsAResult(RunResult result) {
            see(result);
        }
    }

    @OutageScenario("no-such-scenario")
    @ExtendWith(OnlyUnderTestKit.class)
    static class UnknownScenarioOnTheClass {
        @Test
        void wantsAResult(RunResult result) {
            see(result);
        }
    }

    @Test
    void anUnknownScenarioNameFailsNamingWhereItWasLookedFor() {
        EngineExecutionResults onMethod = OnlyUnderTestKit.run(UnknownScenarioOnAMethod.class);
        EngineExecutionResults onClass = OnlyUnderTestKit.run(UnknownScenarioOnTheClass.class);

        assertThat(failureMessages(onMethod.testEvents())).containsExactly("@OutageScenario: " + NOT_FOUND);
        assertThat(failureMessages(onClass.containerEvents())).containsExactly("@OutageScenario: " + NOT_FOUND);
        onClass.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(SEEN).isEmpty();
    }

    /** Run records cannot be written under a file, so these runs play out and then fail. */
    static final String UNWRITABLE = "pom.xml/drill-results";

    @ExtendWith(OnlyUnderTestKit.class)
    static class FailingRunOnMethods {
        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class, results = UNWRITABLE)
        void first(RunResult result) {
            see(result);
        }

        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class, results = UNWRITABLE)
        void second(RunResult result) {
            see(result);
        }
    }

    @OutageScenario(value = TINY, scenarios = TINY_FOLDER, adapter = CountingAdapter.class, results = UNWRITABLE)
    @ExtendWith(OnlyUnderTestKit.class)
    static class FailingRunOnTheClass {
        @Test
        void wantsAResult(RunResult result) {
            see(result);
        }
    }

    @Test
    void aRunThatFailsFailsEveryTestAskingForItWithoutRunningAgain() {
        EngineExecutionResults results = OnlyUnderTestKit.run(FailingRunOnMethods.class);

        assertThat(failureMessages(results.testEvents())).hasSize(2).allSatisfy(message -> assertThat(message)
                .startsWith("could not run scenario 'one-client-503' with adapter CountingAdapter: ")
                .contains("pom.xml"));
        assertThat(CountingAdapter.created()).as("scenario runs").isEqualTo(1);
        assertThat(CountingAdapter.closed()).as("adapters closed after the class").isEqualTo(1);
        assertThat(SEEN).isEmpty();
    }

    @Test
    void aClassLevelRunThatFailsFailsTheClass() {
        EngineExecutionResults results = OnlyUnderTestKit.run(FailingRunOnTheClass.class);

        assertThat(failureMessages(results.containerEvents())).singleElement().asString()
                .startsWith("could not run scenario 'one-client-503' with adapter CountingAdapter: ");
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(CountingAdapter.closed()).as("adapters closed after the class").isEqualTo(1);
    }

    @ExtendWith(OnlyUnderTestKit.class)
    static class NoClients {
        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, clients = 0)
        void wantsAResult(RunResult result) {
            see(result);
        }
    }

    @Test
    void noClientsIsRefusedNamingTheAttributeAsTheCommandLineRefusesIt() {
        EngineExecutionResults results = OnlyUnderTestKit.run(NoClients.class);

        assertThat(failureMessages(results.testEvents())).singleElement().asString().isEqualTo("could not run "
                + "scenario 'one-client-503': @OutageScenario(clients = 0): expected at least 1 client per group, was 0; "
                + "-1 (the default) plays the scenario's own counts");
        assertThat(SEEN).as("results handed to the test").isEmpty();
    }

    @ExtendWith(OnlyUnderTestKit.class)
    static class OptionsNoClientOfTheRunCanUse {
        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, policy = "fastest")
        void misspeltPolicy(RunResult result) {
            see(result);
        }

        @OutageScenario(value = TINY, scenarios = TINY_FOLDER, client = "curl", policy = "adaptive")
        void policyOfAnotherClient(RunResult result) {
            see(result);
        }

        @OutageScenario(value = TINY, scenarios = TINY_FOLDER,
                client = "cmd:./no-such-downloader-4711 -o {output} {urls}")
        void programNotThere(RunResult result) {
            see(result);
        }
    }

    /**
     * What drill run refuses before anything starts fails the test the same way, naming the attribute: a misspelt
     * policy was played as the client's default and recorded as the policy asked for, so the test passed.
     */
    @Test
    void aPolicyNoClientTakesOrAClientThatCannotRunFailsBeforeAnythingPlays() {
        EngineExecutionResults results = OnlyUnderTestKit.run(OptionsNoClientOfTheRunCanUse.class);

        assertThat(failureMessages(results.testEvents())).as("the tests' failures").containsExactlyInAnyOrder(
                "could not run scenario 'one-client-503': @OutageScenario(policy = \"fastest\"): no client of "
                        + "one-client-503 takes 'fastest'; its clients: reference (sequential, parallel, adaptive)",
                "could not run scenario 'one-client-503' with curl: @OutageScenario(policy = \"adaptive\"): curl has "
                        + "no policies (reference, reference-cli and aria2c have)",
                "could not run scenario 'one-client-503' with cmd:./no-such-downloader-4711 -o {output} {urls}: "
                        + "@OutageScenario(client = \"cmd:./no-such-downloader-4711 -o {output} {urls}\"): "
                        + "./no-such-downloader-4711 is not an executable file");
        assertThat(SEEN).as("results handed to the tests").isEmpty();
    }

    private static void see(RunResult result) {
        SEEN.add(result);
        CLOSED_DURING_TESTS.add(CountingAdapter.closed());
    }
}
