package io.outagedrill.fakes.topology;

import java.util.List;
import java.util.Optional;

/**
 * A topology that cannot be started as declared, found before anything starts. Every problem found is listed, each
 * saying what is wrong and with what, so one attempt shows all there is to fix.
 */
public final class InvalidTopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidTopologyException(List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst()
                : "the topology has " + problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Throws for {@code problem}, if there is one: for a builder setter that checks its value at once. */
    static void require(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new InvalidTopologyException(List.of(problem.get()));
        }
    }

    public List<String> problems() {
        return problems;
    }
}
