package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Step;
import java.time.Duration;

/** A timeline step in the words of the scenario file, for run notes ("at 1h30m: clear cf-500"). */
final class StepWords {
    private StepWords() {
    }

    static String action(Step.Action action) {
        return switch (action) {
            case Step.Action.Apply apply -> "apply %s (%s on %s)".formatted(apply.fault().id(), apply.fault().kind(),
                    apply.fault().target());
            case Step.Action.Clear clear -> "clear " + clear.id();
            case Step.Action.ClearAll all -> "clear all";
            case Step.Action.Repeat repeat -> "repeat every %s, %d times".formatted(time(repeat.every()),
                    repeat.times());
        };
    }

    /** Scenario time as the format writes durations: {@code 1h30m}, {@code 2m30s}, {@code 500ms}, {@code 0s}. */
    static String time(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            out.append(d.toMillisPart()).append("ms");
        }
        return out.toString();
    }
}
