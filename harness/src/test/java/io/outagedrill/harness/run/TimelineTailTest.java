package io.outagedrill.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The end of a run's timeline: waiting for its last steps, and naming the ones that never fired. */
class TimelineTailTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void waitsForTheLastTimedStep() throws Exception {
        TimelinePlayer timeline = play(null, clearAt("early", Duration.ofMillis(150)));

        assertThat(timeline.awaitTimedSteps(Duration.ofSeconds(10))).isTrue();
        assertThat(timeline.unfiredSteps()).isEmpty();
    }

    @Test
    void namesTimedStepsPastTheWaitAndUnreachedProgressSteps() throws Exception {
        TimelinePlayer timeline = play(null, clearAt("early", Duration.ZERO), clearAt("late", Duration.ofHours(10)),
                new Step(new Step.Trigger.AtProgress(0.5, Step.ProgressOf.FLEET), new Step.Action.Clear("halfway"),
                        null));

        assertThat(timeline.awaitTimedSteps(Duration.ofMillis(100))).isFalse();
        assertThat(timeline.unfiredSteps())
                .containsExactly("at 10h: clear late", "atProgress 50% of the fleet: clear halfway");
    }

    @Test
    void progressIsAwaitedOnlyWhileAProgressStepIsLeftToFire() {
        TimelinePlayer none = play(null, clearAt("timed", Duration.ZERO));
        TimelinePlayer two = play(null, atProgress(0.25, "quarter"), atProgress(0.75, "three-quarters"));

        assertThat(none.awaitsProgress()).as("a timeline without progress steps awaits progress").isFalse();
        assertThat(two.awaitsProgress()).as("two progress steps, none fired").isTrue();
        two.progress(0.5, 0.5);
        assertThat(two.awaitsProgress()).as("the 75%% step still to fire after 50%%").isTrue();
        two.progress(0.8, 0.8);
        assertThat(two.awaitsProgress()).as("both steps fired; unfired: %s", two.unfiredSteps()).isFalse();
    }

    @Test
    void clockScenariosNameTheClockTime() throws Exception {
        TimelinePlayer timeline = play(LocalTime.of(6, 30), clearAt("resets", Duration.ofHours(14).plusMinutes(39)));

        assertThat(timeline.unfiredSteps()).containsExactly("at 21:09: clear resets");
    }

    /**
     * A step written {@code 900m} (meant as 900s) in a scenario with a clock of 10:00 was named "at 01:00", an hour
     * before the incident began, and nothing said it was 15 minutes of wall time into a run of seconds.
     */
    @Test
    void aStepPastMidnightIsNamedByItsScenarioTimeAndItsWallTime() throws Exception {
        TimelinePlayer timeline = play(60, LocalTime.of(10, 0), clearAt("late", Duration.ofMinutes(900)),
                clearAt("evening", Duration.ofHours(13)));

        assertThat(timeline.awaitTimedSteps(Duration.ofMillis(50))).isFalse();
        assertThat(timeline.unfiredSteps()).containsExactly(
                "at 15h (15m into the run at compress 60): clear late",
                "at 23:00 (13m into the run at compress 60): clear evening");
    }

    private TimelinePlayer play(LocalTime clock, Step... steps) {
        return play(1, clock, steps);
    }

    private TimelinePlayer play(double compress, LocalTime clock, Step... steps) {
        Scenario scenario = new Scenario("tail", "test", null, List.of(), 1, compress, clock,
                new Topology(List.of(), List.of(), Topology.ManifestSpec.DEFAULT), List.of(), List.of(steps),
                List.of());
        // Clearing an id never applied leaves the topology untouched, so the driver needs no world here.
        TimelinePlayer timeline = new TimelinePlayer(scenario, new FaultDriver(null, 1), Clock.systemUTC(),
                RunListener.NONE);
        timeline.start(scheduler);
        return timeline;
    }

    private static Step atProgress(double share, String id) {
        return new Step(new Step.Trigger.AtProgress(share, Step.ProgressOf.FLEET), new Step.Action.Clear(id), null);
    }

    private static Step clearAt(String id, Duration at) {
        return new Step(new Step.Trigger.At(at, at.toString()), new Step.Action.Clear(id), null);
    }
}
