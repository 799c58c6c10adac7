package io.outagedrill.harness.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file that cannot be used. The message lists every problem found, one per line, each as
 * {@code FILE:LINE:COLUMN: FIELD: what was expected, what was seen}, the way compilers report errors so
 * editors and terminals can jump to the spot.
 */
public final class ScenarioException extends RuntimeException {
    private final transient List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public ScenarioException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * One thing wrong in one file.
     *
     * @param file   as given to the loader
     * @param line   1-based, 0 when unknown
     * @param column 1-based, 0 when unknown
     * @param field  the field's path as users write it ({@code timeline[2].apply.code}), empty for the file itself
     */
    public record Problem(String file, int line, int column, String field, String message) {
        @Override
        public String toString() {
            String where = line > 0 ? file + ":" + line + ":" + column : file;
            return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
        }
    }
}
