package io.outagedrill.harness.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Randomized fault storms against the reference client: every fault family and layer, applied and cleared at
 * random times or points of progress, on 1 to 5 mirrors of which one turns honest early. The invariants are checked
 * by {@link StormTry}; {@link StormLanes} plays the tries on several lanes, each with its own world; this says how
 * they went.
 *
 * <p>{@code -Dstorm.tries=N} sets the number of tries (200 in {@code mvn verify}; the {@code soak} profile sets
 * 10000), {@code -Dstorm.lanes=L} how many play at once, {@code -Dstorm.seed=S} the seed the tries' seeds are drawn
 * from, {@code -Dstorm.replay=T} replays, alone on one lane, the one try whose seed a failure printed, and
 * {@code -Dstorm.policy=NAME} plays every try with that failover policy instead of the one each try draws (the rest
 * of each try's storm is the same; a failure found so is replayed with the same {@code storm.policy}).
 */
// Alone: its lanes already keep both cores busy, and each try's deadline of a few seconds assumes no other test
// class competes for them (beside the containers test, one try's first fault fired 1.6 s late).
@Isolated
class FaultStormTest {
    private static final int PROVIDERS = 5;
    /** Room for each world's own pools (Jetty, the proxy) to have grown during the storm. */
    private static final int THREAD_SLACK_PER_LANE = 64;

    @TempDir
    Path dir;

    @Test
    void everyStormEndsWithTheSignedBytesAndNothingLeaked() throws Exception {
        long masterSeed = Long.getLong("storm.seed", 20261203L);
        Long replay = Long.getLong("storm.replay");
        // Try n plays the n-th seed of the master seed's sequence, whatever the lanes.
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        List<Long> plan = replay != null ? List.of(replay)
                : LongStream.generate(seeds::nextLong).limit(Integer.getInteger("storm.tries", 200)).boxed().toList();
        int lanes = Math.min(plan.size(), replay != null ? 1 : Integer.getInteger("storm.lanes", 6));
        long started = System.nanoTime();
        List<StormLanes.Played> played;
        long playStarted;
        long playEnded;
        long cpu;
        try (StormLanes storm = StormLanes.start(lanes, PROVIDERS, masterSeed)) {
            int baseline = Thread.getAllStackTraces().size();
            long cpuBefore = processCpuNanos();
            playStarted = System.nanoTime();
            played = storm.play(plan, dir, Optional.ofNullable(System.getProperty("storm.policy")));
            playEnded = System.nanoTime();
            cpu = processCpuNanos() - cpuBefore;
            // Judged while the worlds still run, so their threads are in the baseline and in the count alike.
            int slack = THREAD_SLACK_PER_LANE * lanes;
            await("the thread count back near its baseline").atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                            assertThat(Thread.getAllStackTraces().size())
                                    .as("threads after %d tries, baseline %d + slack %d", plan.size(), baseline, slack)
                                    .isLessThanOrEqualTo(baseline + slack));
        }
        assertThat(played).as("tries played").hasSize(plan.size());
        System.out.println(new StormSummary(played, lanes, masterSeed, millis(playStarted - started),
                millis(playEnded - playStarted), millis(cpu)).describe()
                + Optional.ofNullable(System.getProperty("storm.policy")).map(p -> "; every try with policy " + p)
                .orElse(""));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
