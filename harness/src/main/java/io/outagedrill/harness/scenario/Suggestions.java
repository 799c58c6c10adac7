package io.outagedrill.harness.scenario;

import io.outagedrill.client.EditDistance;
import java.util.Collection;

/** "Did you mean" for typos in field names, kinds and references: the closest name by edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    /** {@code " (did you mean \"x\"?)"}, or empty when nothing is {@linkplain EditDistance#close close}. */
    static String didYouMean(String written, Collection<String> valid) {
        return EditDistance.closest(written, valid).map(best -> " (did you mean \"" + best + "\"?)").orElse("");
    }
}
