package io.outagedrill.harness.run;

import io.outagedrill.client.Durations;
import io.outagedrill.harness.scenario.Step;
import java.util.Locale;

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
            case Step.Action.Repeat repeat -> String.format(Locale.ROOT, "repeat every %s, %d times",
                    Durations.notation(repeat.every()), repeat.times());
        };
    }
}
