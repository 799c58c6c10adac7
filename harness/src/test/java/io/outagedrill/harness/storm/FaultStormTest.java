package io.outagedrill.harness.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized fault storms against the reference client: every fault family and layer, applied and cleared at
 * random times or points of progress, on 1 to 5 mirrors of which one turns honest within a second. The
 * invariants are checked by {@link StormTry}; this runs the tries on one shared world and says how they went.
 *
 * <p>{@code -Dstorm.tries=N} sets the number of tries (100 in {@code mvn verify}, which keeps the build short on a
 * busy 2-core machine; the {@code soak} profile sets 10000),
 * {@code -Dstorm.seed=S} the seed the tries' seeds are drawn from, {@code -Dstorm.replay=T} replays the one try
 * whose seed a failure printed.
 */
class FaultStormTest {
    private static final int PROVIDERS = 5;
    /** Room for the world's own pools (Jetty, the proxy) to have grown during the storm. */
    private static final int THREAD_SLACK = 64;

    @TempDir
    Path dir;

    @Test
    void everyStormEndsWithTheSignedBytesAndNothingLeaked() throws Exception {
        long masterSeed = Long.getLong("storm.seed", 20261203L);
        Long replay = Long.getLong("storm.replay");
        int tries = replay != null ? 1 : Integer.getInteger("storm.tries", 100);
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        Map<StormTry.Outcome, Integer> outcomes = new EnumMap<>(StormTry.Outcome.class);
        long started = System.nanoTime();
        int baseline;
        try (StormWorld world = new StormWorld(PROVIDERS, masterSeed)) {
            StormGenerator generator = new StormGenerator(world.providers(), StormWorld.SIZE, StormWorld.CHUNK);
            baseline = Thread.getAllStackTraces().size();
            for (int n = 0; n < tries; n++) {
                long seed = replay != null ? replay : seeds.nextLong();
                StormTry.Outcome outcome = new StormTry(world, generator.generate(seed), dir.resolve("try-" + n)).run();
                outcomes.merge(outcome, 1, Integer::sum);
            }
            // Judged while the world still runs, so its threads are in the baseline and in the count alike.
            int before = baseline;
            await("the thread count back near its baseline").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Thread.getAllStackTraces().size()).as("threads after %d tries, baseline %d + slack %d",
                            tries, before, THREAD_SLACK).isLessThanOrEqualTo(before + THREAD_SLACK));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("fault storm: %d tries from seed %d in %d s: %s%n", tries, masterSeed, seconds, outcomes);
    }
}
