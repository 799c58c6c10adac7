package io.outagedrill.harness.run;

import io.outagedrill.fakes.fault.ToxicFault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The order of {@code ScenarioSuiteIT}'s queue, whose lanes take from both ends: the longest schedule first (the
 * classic longest-processing-time-first rule). In file order a long run that sorts late by name started when the others were
 * done and held the suite alone to its end; started first, its wait overlaps the short runs instead.
 *
 * <p>A run lasts at least until its last scheduled moment, as the runner itself counts them: the timeline's last
 * step fixed in time ({@link TimelinePlayer#wallSpan}) or the last client's staggered start
 * ({@link Fleet#staggerSpan}), whichever is later; a bandwidth throttle on every provider adds the time the largest
 * file takes at the fastest of their rates. Steps that wait for download progress have no fixed time and count for nothing, so scenarios made only of
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
     * A throttle from a fixed time holds each connection to its rate, but a client moves off a slow mirror to a fast
     * one (slow-primary's 50 KB/s mirror would count 5.6 minutes, where its run takes 7 s): only when every provider
     * is throttled does the file have to pass through one, at the fastest of those rates. The largest file then takes
     * this long on one connection, in real time (compress speeds up the timeline, not the bytes).
     */
    private static Stream<Duration> throttleEnds(Scenario scenario) {
        Map<String, Duration> appliedAt = new HashMap<>();
        Map<String, Long> rate = new HashMap<>();
        for (Step step : scenario.timeline()) {
            if (step.trigger() instanceof Step.Trigger.At at
                    && step.action() instanceof Step.Action.Apply(ToxicFault toxic) && toxic.type().equals("bandwidth")
                    && toxic.attributes().get("rate") instanceof Number kbPerSecond && kbPerSecond.longValue() > 0) {
                appliedAt.merge(toxic.target(), scenario.wallTime(at.offset()), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                rate.merge(toxic.target(), kbPerSecond.longValue(), Math::max);
            }
        }
        boolean everyProviderThrottled = !rate.isEmpty() && scenario.topology().providers().stream()
                .allMatch(provider -> rate.containsKey(provider.name()));
        if (!everyProviderThrottled) {
            return Stream.empty();
        }
        long largestFile = scenario.topology().files().stream().mapToLong(Topology.FileSpec::size).max().orElse(0);
        long fastest = Collections.max(rate.values());
        Duration lastThrottle = Collections.max(appliedAt.values());
        return Stream.of(lastThrottle.plus(Duration.ofMillis(largestFile / fastest)));
    }
}
