package io.outagedrill.harness.junit;

import static io.outagedrill.harness.junit.OnlyUnderTestKit.failureMessages;
import static io.outagedrill.harness.junit.OutageScenarioLifecycleTest.TINY;
import static io.outagedrill.harness.junit.OutageScenarioLifecycleTest.TINY_FOLDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.Topology;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Which worlds {@link FakeWorld} starts, how they are shared, and that they are closed: sample classes run through
 * the EngineTestKit.
 */
class FakeWorldExtensionTest {
    /** Every world a sample was handed, in the order seen. */
    static final List<Topology> SEEN = new CopyOnWriteArrayList<>();
    /** Whether the world's trust store existed (it does from start to close) each time a sample looked. */
    static final List<Boolean> UP_WHEN_SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clear() {
        SEEN.clear();
        UP_WHEN_SEEN.clear();
    }

    @FakeWorld(scenario = TINY, scenarios = TINY_FOLDER)
    @ExtendWith(OnlyUnderTestKit.class)
    static class ScenarioWorld {
        @FakeWorld
        static Topology shared;

        @FakeWorld
        Topology perInstance;

        @BeforeAll
        static void beforeAll(Topology world) {
            see(world, shared);
        }

        @Test
        void first(Topology world) {
            see(world, shared, perInstance);
        }

        @Test
        void second(@FakeWorld Topology world) {
            see(world, shared, perInstance);
        }

        @Test
        void third() {
            see(shared, perInstance);
        }
    }

    @Test
    void aClassLevelWorldIsTheScenariosStartedOnceSharedByFieldsAndParametersAndClosedAfterTheClass() {
        EngineExecutionResults results = OnlyUnderTestKit.run(ScenarioWorld.class);

        assertThat(failureMessages(results.allEvents())).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(SEEN).as("before all: 2, tests: 3 + 3 + 2").hasSize(10).doesNotContainNull()
                .allSatisfy(world -> assertThat(world).isSameAs(SEEN.getFirst()));
        assertThat(UP_WHEN_SEEN).as("the world was up whenever a test looked").containsOnly(true);
        Topology world = SEEN.getFirst();
        assertThat(world.providers()).extracting(Provider::name).containsExactly("cloudflare", "fastly");
        assertThat(world.file("small.bin").size()).isEqualTo(256 * 1024);
        assertThat(world.seed()).isEqualTo(77);
        assertThat(world.trustStore()).as("the trust store, deleted when the world closes").doesNotExist();
        assertThat(world.caCertificate()).as("the CA certificate, deleted when the world closes").doesNotExist();
    }

    @ExtendWith(OnlyUnderTestKit.class)
    static class PlainWorlds {
        @FakeWorld(providers = 2, size = "64KiB")
        static Topology small;

        @Test
        void sameValuesShareOneWorld(@FakeWorld(providers = 2, size = "64KiB") Topology world) {
            see(small, world);
        }

        @Test
        void noValuesIsTheDefaultWorld(@FakeWorld Topology world) {
            see(world);
        }
    }

    @Test
    void fieldsAndParametersWithTheSameValuesShareAWorldAndOthersGetTheirOwn() {
        EngineExecutionResults results = OnlyUnderTestKit.run(PlainWorlds.class);

        assertThat(failureMessages(results.allEvents())).isEmpty();
        assertThat(SEEN).hasSize(3).doesNotContainNull();
        // The tests run in an order JUnit picks: tell the worlds apart by their number of providers.
        Topology small = SEEN.stream().filter(world -> world.providers().size() == 2).findFirst().orElseThrow();
        Topology plain = SEEN.stream().filter(world -> world.providers().size() == 3).findFirst().orElseThrow();
        assertThat(SEEN).as("worlds handed out: the small one to a field and a parameter, the plain one once")
                .containsOnly(small, plain).filteredOn(world -> world == small).hasSize(2);
        assertThat(small.providers()).extracting(Provider::name).containsExactly("cloudflare", "fastly");
        assertThat(small.file("video.mp4").size()).isEqualTo(64 * 1024);
        assertThat(plain.providers()).hasSize(3);
        assertThat(UP_WHEN_SEEN).containsOnly(true);
        assertThat(List.of(small, plain)).allSatisfy(world -> assertThat(world.trustStore()).doesNotExist());
    }

    @ExtendWith(OnlyUnderTestKit.class)
    static class WrongFieldType {
        @FakeWorld
        static String world;

        @Test
        void neverRuns() {
        }
    }

    @ExtendWith(OnlyUnderTestKit.class)
    static class UnknownScenario {
        @Test
        void wantsAWorld(@FakeWorld(scenario = "no-such-scenario") Topology world) {
            see(world);
        }
    }

    @Test
    void aFieldOfAnotherTypeOrAnUnknownScenarioFailSayingWhy() {
        EngineExecutionResults wrongType = OnlyUnderTestKit.run(WrongFieldType.class);
        EngineExecutionResults unknown = OnlyUnderTestKit.run(UnknownScenario.class);

        assertThat(failureMessages(wrongType.containerEvents())).containsExactly("@FakeWorld field WrongFieldType.world"
                + " is a java.lang.String: expected a io.outagedrill.fakes.topology.Topology");
        assertThat(failureMessages(unknown.testEvents())).containsExactly(
                "@FakeWorld: " + OutageScenarioLifecycleTest.NOT_FOUND);
        assertThat(SEEN).isEmpty();
    }

    private static void see(Topology... worlds) {
        for (Topology world : worlds) {
            SEEN.add(world);
            UP_WHEN_SEEN.add(world != null && Files.exists(world.trustStore()));
        }
    }
}
