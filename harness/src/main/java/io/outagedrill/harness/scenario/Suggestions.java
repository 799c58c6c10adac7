package io.outagedrill.harness.scenario;

import io.outagedrill.client.EditDistance;
import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" for typos in field names, kinds and references: the closest name by edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    /** {@code " (did you mean \"x\"?)"}, or empty when nothing is close (at most a third of the letters off). */
    static String didYouMean(String written, Collection<String> valid) {
        return valid.stream()
                .min(Comparator.comparingInt(v -> EditDistance.between(written, v)))
                .filter(best -> EditDistance.between(written, best) <= Math.max(1, written.length() / 3))
                .map(best -> " (did you mean \"" + best + "\"?)")
                .orElse("");
    }
}
