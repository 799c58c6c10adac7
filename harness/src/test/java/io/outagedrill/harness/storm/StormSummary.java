package io.outagedrill.harness.storm;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a storm run went, in one line: outcomes and where its time went, the figures its documentation quotes.
 *
 * @param startMillis the worlds' start
 * @param playMillis  the tries, wall clock
 * @param cpuMillis   the test JVM's CPU time while the tries played (all its threads: client, fakes, proxy)
 */
record StormSummary(List<StormLanes.Played> played, int lanes, long seed, long startMillis, long playMillis,
                    long cpuMillis) {

    String describe() {
        Map<StormTry.Outcome, Integer> outcomes = new EnumMap<>(StormTry.Outcome.class);
        played.forEach(p -> outcomes.merge(p.outcome(), 1, Integer::sum));
        List<StormLanes.Played> bySpeed = played.stream().sorted(Comparator.comparingLong(StormLanes.Played::millis))
                .toList();
        String times = bySpeed.isEmpty() ? "" : "; per try median %d ms, 90th percentile %d ms, slowest %d ms (seed %d)"
                .formatted(percentile(bySpeed, 50), percentile(bySpeed, 90), bySpeed.getLast().millis(),
                        bySpeed.getLast().seed());
        return "fault storm: %d tr%s on %d lane(s) from seed %d: %s; worlds started in %.1f s, tries played in %.1f s"
                .formatted(played.size(), played.size() == 1 ? "y" : "ies", lanes, seed, outcomes,
                        startMillis / 1000.0, playMillis / 1000.0)
                + " using %.1f s of CPU%s".formatted(cpuMillis / 1000.0, times);
    }

    private static long percentile(List<StormLanes.Played> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100)).millis();
    }
}
