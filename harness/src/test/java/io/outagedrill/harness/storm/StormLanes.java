package io.outagedrill.harness.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Plays a storm's tries on several lanes at once. A try mostly waits (on the client's short timeouts, on faults'
 * delays), so lanes overlap their waits even on two cores. Each lane has its own world and its own folder: a fault
 * of one try never reaches a try on another lane, and each try's leak checks see only its own client's threads and
 * the descriptors under its own folder. A lane takes the next try from a shared counter, and try n always plays the
 * n-th seed whichever lane takes it, so a failure is replayed alone from its seed. The first broken invariant stops
 * every lane after its current try.
 */
final class StormLanes implements AutoCloseable {
    /** One try that kept every invariant. */
    record Played(int index, long seed, int lane, StormTry.Outcome outcome, long millis) {
    }

    private final List<StormWorld> worlds;

    private StormLanes(List<StormWorld> worlds) {
        this.worlds = worlds;
    }

    /** Starts {@code lanes} worlds at once (each start mostly waits on its servers binding). */
    static StormLanes start(int lanes, int providers, long seed) throws Exception {
        List<Future<StormWorld>> starting;
        try (ExecutorService pool = Executors.newFixedThreadPool(lanes)) {
            starting = pool.invokeAll(IntStream.range(0, lanes)
                    .<Callable<StormWorld>>mapToObj(lane -> () -> new StormWorld(providers, seed)).toList());
        }
        List<StormWorld> worlds = new ArrayList<>();
        Exception failed = null;
        for (Future<StormWorld> world : starting) {
            try {
                worlds.add(world.get());
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = new IllegalStateException("a storm world did not start", e.getCause());
                }
            }
        }
        if (failed != null) {
            worlds.forEach(StormWorld::close);
            throw failed;
        }
        return new StormLanes(List.copyOf(worlds));
    }

    int count() {
        return worlds.size();
    }

    /**
     * Plays every seed once, try n in {@code dir/lane-L/try-n}, with {@code policy} instead of the drawn one when
     * present; throws the first broken invariant.
     */
    List<Played> play(List<Long> seeds, Path dir, Optional<String> policy) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Played> played = new CopyOnWriteArrayList<>();
        List<Future<Void>> lanes;
        try (ExecutorService pool = Executors.newFixedThreadPool(worlds.size(),
                Thread.ofPlatform().name("storm-lane-", 0).factory())) {
            lanes = pool.invokeAll(IntStream.range(0, worlds.size()).<Callable<Void>>mapToObj(lane -> () -> {
                try {
                    lane(lane, seeds, dir.resolve("lane-" + lane), policy, next, stop, played);
                } catch (Throwable t) {
                    stop.set(true);
                    throw t;
                }
                return null;
            }).toList());
        }
        Throwable first = null;
        for (Future<Void> lane : lanes) {
            try {
                lane.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                } else {
                    first.addSuppressed(e.getCause());
                }
            }
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw (Exception) first;
        }
        return List.copyOf(played);
    }

    private void lane(int lane, List<Long> seeds, Path dir, Optional<String> policy, AtomicInteger next,
                      AtomicBoolean stop, List<Played> played) throws Exception {
        StormWorld world = worlds.get(lane);
        StormGenerator generator = new StormGenerator(world.providers(), StormWorld.SIZE, StormWorld.CHUNK);
        for (int n = next.getAndIncrement(); n < seeds.size() && !stop.get(); n = next.getAndIncrement()) {
            long seed = seeds.get(n);
            long started = System.nanoTime();
            StormSchedule schedule = generator.generate(seed);
            StormTry.Outcome outcome = new StormTry(world, policy.map(schedule::withPolicy).orElse(schedule),
                    dir.resolve("try-" + n)).run();
            played.add(new Played(n, seed, lane, outcome, (System.nanoTime() - started) / 1_000_000));
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.toList()).as("files left in lane %d's folder after its tries", lane).isEmpty();
            }
        }
    }

    @Override
    public void close() {
        worlds.forEach(StormWorld::close);
    }
}
