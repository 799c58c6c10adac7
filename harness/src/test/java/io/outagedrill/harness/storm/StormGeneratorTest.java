package io.outagedrill.harness.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.harness.storm.StormStep.Action;
import io.outagedrill.harness.storm.StormStep.Trigger;
import io.outagedrill.fakes.fault.ResolverFault;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * What the storm's invariant (b) leans on: every generated schedule has an honest mirror, all of whose faults are
 * applied and cleared by the clock no later than its honest moment (and none of its DNS answers outlives its fault
 * in a cache), so a download that runs long enough always has a fault-free mirror; a seed always gives the same
 * schedule; and the storm draws from every fault family.
 */
class StormGeneratorTest {
    private static final List<String> PROVIDERS = List.of("p0", "p1", "p2", "p3", "p4");
    private final StormGenerator generator = new StormGenerator(PROVIDERS, StormWorld.SIZE, StormWorld.CHUNK);

    @Property(tries = 200)
    void theHonestMirrorIsFaultFreeFromItsHonestMoment(@ForAll long seed) {
        StormSchedule schedule = generator.generate(seed);
        assertThat(schedule.mirrors()).isBetween(1, PROVIDERS.size());
        assertThat(schedule.honest()).isBetween(0, schedule.mirrors() - 1);
        assertThat(schedule.honestAfterMillis()).isBetween(0L, StormGenerator.MAX_HONEST_AFTER_MILLIS);
        String honest = PROVIDERS.get(schedule.honest());
        List<String> honestIds = schedule.steps().stream()
                .filter(s -> s.what() instanceof Action.Apply(Fault f) && f.target().equals(honest))
                .map(s -> ((Action.Apply) s.what()).fault().id()).toList();
        for (String id : honestIds) {
            StormStep apply = stepOf(schedule, id, Action.Apply.class);
            StormStep clear = stepOf(schedule, id, Action.Clear.class);
            assertThat(List.of(apply.when(), clear.when())).as(schedule.describe())
                    .allMatch(t -> t instanceof Trigger.AtMillis at && at.millis() <= schedule.honestAfterMillis());
            assertThat(((Trigger.AtMillis) apply.when()).millis()).as(schedule.describe())
                    .isLessThanOrEqualTo(((Trigger.AtMillis) clear.when()).millis());
            assertThat(schedule.steps().indexOf(apply)).as("applied before cleared when both are due at once")
                    .isLessThan(schedule.steps().indexOf(clear));
        }
        assertThat(schedule.steps()).as("faults only on the listed mirrors").allMatch(s ->
                !(s.what() instanceof Action.Apply(Fault f)) || PROVIDERS.indexOf(f.target()) < schedule.mirrors());
    }

    @Property(tries = 200)
    void theHonestMirrorsDnsAnswersAreNeverCachedSoTheyEndWithTheirFault(@ForAll long seed) {
        StormSchedule schedule = generator.generate(seed);
        String honest = PROVIDERS.get(schedule.honest());
        assertThat(schedule.steps()).as(schedule.describe()).allMatch(s -> !(s.what() instanceof Action.Apply(
                ResolverFault f)) || !f.target().equals(honest) || f.ttlMillis() == 0);
    }

    @Example
    void everyFaultKindIsDrawn() {
        Set<String> kinds = LongStream.range(0, 1000).mapToObj(generator::generate)
                .flatMap(schedule -> schedule.steps().stream())
                .filter(s -> s.what() instanceof Action.Apply).map(s -> ((Action.Apply) s.what()).fault().kind())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kinds).as("fault kinds drawn in 1000 schedules").contains("toxic.down", "toxic.timeout",
                "toxic.reset_peer", "toxic.latency", "toxic.bandwidth", "toxic.slicer", "toxic.limit_data",
                "toxic.corrupt", "dns.nxdomain", "dns.servfail", "dns.empty", "dns.slow", "dns.stale")
                .anyMatch(k -> k.startsWith("http."));
    }

    @Property(tries = 50)
    void aSeedAlwaysGivesTheSameSchedule(@ForAll long seed) {
        assertThat(generator.generate(seed)).isEqualTo(generator.generate(seed));
    }

    private static StormStep stepOf(StormSchedule schedule, String id, Class<? extends Action> kind) {
        return schedule.steps().stream().filter(s -> kind.isInstance(s.what()) && switch (s.what()) {
            case Action.Apply a -> a.fault().id().equals(id);
            case Action.Clear c -> c.id().equals(id);
        }).findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " step for " + id
                + "\n" + schedule.describe()));
    }
}
