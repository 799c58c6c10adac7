package io.outagedrill.harness.storm;

import io.outagedrill.harness.storm.StormStep.Action;
import io.outagedrill.harness.storm.StormStep.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a seed into a {@link StormSchedule}: 1 to {@code providers.size()} mirrors, a few faults per mirror applied
 * and cleared at random times or at random points of verified progress. The honest mirror's faults are all
 * applied and cleared by time before {@code honestAfterMillis}, so it is fault-free from then on whatever the
 * client's progress (its DNS faults are drawn with no TTL, so no cached answer outlives them); the other mirrors
 * may stay broken for the whole try, and their bad DNS answers may stay cached for a while after they clear.
 */
final class StormGenerator {
    static final long MAX_HONEST_AFTER_MILLIS = 400;
    private static final List<String> POLICIES = List.of("sequential", "parallel", "adaptive");

    private final List<String> providers;
    private final long fileSize;
    private final StormFaults faults;

    StormGenerator(List<String> providers, long fileSize, long chunk) {
        this.providers = List.copyOf(providers);
        this.fileSize = fileSize;
        this.faults = new StormFaults(fileSize, chunk);
    }

    StormSchedule generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int mirrors = random.nextInt(1, providers.size() + 1);
        int honest = random.nextInt(mirrors);
        long honestAfter = random.nextLong(0, MAX_HONEST_AFTER_MILLIS + 1);
        List<StormStep> steps = new ArrayList<>();
        int next = 0;
        for (int m = 0; m < mirrors; m++) {
            String target = providers.get(m);
            for (int f = random.nextInt(0, 4); f > 0; f--) {
                String id = "f" + next++ + "-" + target;
                if (m == honest) {
                    long applied = random.nextLong(0, honestAfter + 1);
                    steps.add(new StormStep(new Trigger.AtMillis(applied),
                            new Action.Apply(faults.draw(random, id, target, false))));
                    steps.add(new StormStep(new Trigger.AtMillis(random.nextLong(applied, honestAfter + 1)),
                            new Action.Clear(id)));
                } else {
                    Trigger apply = trigger(random, 0, 0);
                    steps.add(new StormStep(apply, new Action.Apply(faults.draw(random, id, target, true))));
                    if (random.nextBoolean()) {
                        steps.add(new StormStep(later(random, apply), new Action.Clear(id)));
                    }
                }
            }
        }
        return new StormSchedule(seed, mirrors, honest, honestAfter, POLICIES.get(random.nextInt(POLICIES.size())),
                random.nextInt(1, 4), List.copyOf(steps));
    }

    /** A moment at or after {@code fromMillis} / {@code fromBytes}: by the clock or by verified progress. */
    private Trigger trigger(SplittableRandom random, long fromMillis, long fromBytes) {
        return random.nextBoolean() ? new Trigger.AtMillis(random.nextLong(fromMillis, fromMillis + 600))
                : new Trigger.AtVerifiedBytes(random.nextLong(fromBytes, fileSize));
    }

    private Trigger later(SplittableRandom random, Trigger after) {
        return switch (after) {
            case Trigger.AtMillis t -> trigger(random, t.millis(), 0);
            case Trigger.AtVerifiedBytes b -> new Trigger.AtVerifiedBytes(random.nextLong(b.bytes(), fileSize));
        };
    }
}
