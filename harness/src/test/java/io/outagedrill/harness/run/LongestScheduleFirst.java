package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The order of {@code ScenarioSuiteIT}'s queue, whose lanes take from both ends: the longest schedule first (the
 * classic longest-processing-time-first rule). In file order a long run that sorts late by name started when the others were
 * done and held the suite alone to its end; started first, its wait overlaps the short runs instead.
 *
 * <p>A run lasts at least until its last scheduled moment, as the runner itself counts them: the timeline's last
 * step fixed in time ({@link TimelinePlayer#wallSpan}) or the last client's staggered start
 * ({@link Fleet#staggerSpan}), whichever is later; a bandwidth throttle adds the time the largest file takes at its
 * rate. Steps that wait for download progress have no fixed time and count for nothing, so scenarios made only of
 * them go last. Test code in the runner's package, so that it reads the runner's own figures instead of copies.
 */
public final class LongestScheduleFirst {
    private LongestScheduleFirst() {
    }

    /** {@code scenarios} by {@link #scheduledWallTime} from longest to shortest; equal ones keep their order. */
    public static List<Scenario> order(List<Scenario> scenarios) {
        return scenarios.stream().sorted(Comparator.comparing(LongestScheduleFirst::scheduledWallTime).reversed())
                .toList();
    }

    /** Wall time from a run's start to its last scheduled moment. */
    static Duration scheduledWallTime(Scenario scenario) {
        return Stream.concat(Stream.of(TimelinePlayer.wallSpan(scenario), Fleet.staggerSpan(scenario)),
                throttleEnds(scenario)).max(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * A throttle from a fixed time holds each connection to its rate: the largest file takes this long on one, in
     * real time (compress speeds up the timeline, not the bytes).
     */
    private static Stream<Duration> throttleEnds(Scenario scenario) {
        long largestFile = scenario.topology().files().stream().mapToLong(Topology.FileSpec::size).max().orElse(0);
        return scenario.timeline().stream().flatMap(step -> step.trigger() instanceof Step.Trigger.At at
                && step.action() instanceof Step.Action.Apply(ToxicFault toxic) && toxic.type().equals("bandwidth")
                && toxic.attributes().get("rate") instanceof Number rate && rate.longValue() > 0
                ? Stream.of(scenario.wallTime(at.offset()).plus(Duration.ofMillis(largestFile / rate.longValue())))
                : Stream.empty());
    }
}
