package io.outagedrill.harness.scenario;

import io.outagedrill.fakes.fault.Fault;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One timeline step: when it fires and what it does.
 *
 * @param note free text shown in progress output and reports (e.g. "11:20 errors begin")
 */
public record Step(Trigger trigger, Action action, String note) {

    /** Every fault {@code steps} apply, in timeline order, a repeat's once (not once per iteration). */
    public static Stream<Fault> applied(List<Step> steps) {
        return steps.stream().flatMap(step -> switch (step.action()) {
            case Action.Apply apply -> Stream.of(apply.fault());
            case Action.Repeat repeat -> applied(repeat.steps());
            case Action.Clear clear -> Stream.empty();
            case Action.ClearAll all -> Stream.empty();
        });
    }

    /** When a step fires. */
    public sealed interface Trigger {
        /**
         * At a scenario time (compressed: see {@link Scenario#compress()}). Inside a {@link Action.Repeat},
         * the offset from the start of each iteration.
         *
         * @param written as the file wrote it ({@code 12m}, {@code "11:28"}), for messages
         */
        record At(Duration offset, String written) implements Trigger {
        }

        /**
         * When downloads reach a share of their bytes. Progress counts verified bytes (chunks whose SHA-256
         * matched), so bytes later thrown away never move it.
         */
        record AtProgress(double share, ProgressOf of) implements Trigger {
        }
    }

    /** Whose progress an {@link Trigger.AtProgress} watches. */
    public enum ProgressOf {
        /** the sum of verified bytes of every client over the sum of their files' sizes (default) */
        FLEET,
        /** the first single client to reach the share */
        ANY_CLIENT
    }

    /** What a step does. */
    public sealed interface Action {
        record Apply(Fault fault) implements Action {
        }

        record Clear(String id) implements Action {
        }

        /** {@code clear: all}: every active fault, including ones applied inside repeats. */
        record ClearAll() implements Action {
        }

        /**
         * Flapping: play {@code steps} (whose {@code at} are offsets into one iteration, each below
         * {@code every}) {@code times} times, one iteration every {@code every}. Each fault a repeat applies
         * is cleared within the same iteration, so iterations never overlap.
         */
        record Repeat(Duration every, int times, List<Step> steps) implements Action {
            public Repeat {
                steps = List.copyOf(steps);
            }

            /** Scenario time from the repeat's start to the end of its last iteration. */
            public Duration span() {
                return every.multipliedBy(times);
            }
        }
    }
}
