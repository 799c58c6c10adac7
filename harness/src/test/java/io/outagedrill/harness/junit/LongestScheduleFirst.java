package io.outagedrill.harness.junit;

import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The order {@link ScenarioSuiteIT} starts scenarios in on its few lanes: the longest schedule first (the classic
 * longest-processing-time-first rule). In file order a long run that sorts late by name started when the others were
 * done and held the suite alone to its end; started first, its wait overlaps the short runs instead.
 *
 * <p>A run lasts at least until its last scheduled moment: the last timeline step fixed in time (a repeat's last
 * iteration included; a bandwidth throttle with the time the largest file takes at its rate) or the last client's
 * staggered start, whichever is later, on the wall clock. Steps that wait for download progress have no fixed time
 * and count for nothing, so scenarios made only of them go last.
 */
final class LongestScheduleFirst {
    private LongestScheduleFirst() {
    }

    /** {@code scenarios} by {@link #scheduledWallTime} from longest to shortest; equal ones keep their order. */
    static List<Scenario> order(List<Scenario> scenarios) {
        return scenarios.stream().sorted(Comparator.comparing(LongestScheduleFirst::scheduledWallTime).reversed())
                .toList();
    }

    /** Wall time from a run's start to its last scheduled moment. */
    static Duration scheduledWallTime(Scenario scenario) {
        long largestFile = scenario.topology().files().stream().mapToLong(Topology.FileSpec::size).max().orElse(0);
        Stream<Duration> steps = scenario.timeline().stream().map(step -> wallEnd(scenario, step, largestFile));
        // Fleet keeps a group's last start where the file put it, whatever the number of clients run.
        Stream<Duration> starts = scenario.clients().stream().map(group -> scenario.wallTime(lastStart(group)));
        return Stream.concat(steps, starts).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    private static Duration wallEnd(Scenario scenario, Step step, long largestFile) {
        if (!(step.trigger() instanceof Step.Trigger.At at)) {
            return Duration.ZERO;
        }
        return switch (step.action()) {
            case Step.Action.Repeat repeat -> scenario.wallTime(at.offset().plus(repeat.span()));
            // A throttle from a fixed time holds each connection to its rate: the largest file takes this long on
            // one, in real time (compress speeds up the timeline, not the bytes).
            case Step.Action.Apply(ToxicFault toxic) when toxic.type().equals("bandwidth")
                    && toxic.attributes().get("rate") instanceof Number rate && rate.longValue() > 0 ->
                    scenario.wallTime(at.offset()).plus(Duration.ofMillis(largestFile / rate.longValue()));
            default -> scenario.wallTime(at.offset());
        };
    }

    private static Duration lastStart(ClientGroup group) {
        return group.stagger().multipliedBy(Math.max(0, group.count() - 1));
    }
}
