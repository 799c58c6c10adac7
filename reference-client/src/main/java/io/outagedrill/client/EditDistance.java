package io.outagedrill.client;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * How many single-letter insertions, deletions and substitutions turn one word into another (Levenshtein), for
 * "did you mean" answers to a mistyped command, field or fault kind. Written by hand: a two-row table in a dozen
 * lines, where a library (commons-text) would be a dependency of the client for this one use.
 */
public final class EditDistance {
    private EditDistance() {
    }

    /**
     * Whether {@code written} is likely a mistyping of {@code known}: at most a third of its letters off, at least
     * one and at most two. The one rule of every "did you mean" here (commands, scenario fields and kinds,
     * {@code cmd:} placeholders), so that the same slip gets the same answer wherever it is made.
     */
    public static boolean close(String written, String known) {
        return between(written, known) <= Math.max(1, Math.min(2, known.length() / 3));
    }

    /** The word of {@code known} nearest to {@code written}, when it is {@link #close} to it. */
    public static Optional<String> closest(String written, Collection<String> known) {
        return known.stream().min(Comparator.comparingInt(k -> between(written, k)))
                .filter(best -> close(written, best));
    }

    public static int between(String a, String b) {
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
