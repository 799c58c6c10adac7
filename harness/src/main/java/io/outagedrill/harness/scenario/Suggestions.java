package io.outagedrill.harness.scenario;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" for typos in field names, kinds and references: the closest name by edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    /** {@code " (did you mean \"x\"?)"}, or empty when nothing is close (at most a third of the letters off). */
    static String didYouMean(String written, Collection<String> valid) {
        return valid.stream()
                .min(Comparator.comparingInt(v -> distance(written, v)))
                .filter(best -> distance(written, best) <= Math.max(1, written.length() / 3))
                .map(best -> " (did you mean \"" + best + "\"?)")
                .orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
