package io.outagedrill.harness.junit;

import static org.assertj.core.api.Assertions.fail;

import io.outagedrill.harness.run.RunResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sample test classes that play a scenario on {@link World#CONTAINERS}, for the tests of that world in the
 * extension; they run only through the EngineTestKit ({@link OnlyUnderTestKit}).
 */
final class ContainersSamples {
    /** The cheapest scenario that passes on real servers: 32 MiB, one reset fault; with two clients. */
    static final String SCENARIO = "reset-mid-transfer";
    static final String FOLDER = "../scenarios";
    static final String ON_PURPOSE = "failing on purpose, after the run";

    /** The results the samples' tests were handed. */
    static final List<RunResult> SEEN = new CopyOnWriteArrayList<>();

    private ContainersSamples() {
    }

    /** One run for the class on containers; one test passes on it, one fails on purpose. */
    @OutageScenario(value = SCENARIO, scenarios = FOLDER, clients = 2, world = World.CONTAINERS,
            adapter = ContainerWatchingAdapter.class)
    @ExtendWith(OnlyUnderTestKit.class)
    static class ClassOnContainers {
        @Test
        void meetsItsSlos(RunResult result) {
            SEEN.add(result);
            RunResultAssert.assertThat(result).meetsSlos();
        }

        @Test
        void failsOnPurpose(RunResult result) {
            fail(ON_PURPOSE);
        }
    }

    /** A method-level annotation on containers, and a test beside it that plays no scenario. */
    @ExtendWith(OnlyUnderTestKit.class)
    static class MethodsOnContainers {
        @OutageScenario(value = SCENARIO, scenarios = FOLDER, clients = 2, world = World.CONTAINERS)
        void onContainers(RunResult result) {
            SEEN.add(result);
        }

        @Test
        void noScenario() {
            // Nothing to skip: no scenario is in its scope.
        }
    }
}
