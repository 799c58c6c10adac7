package io.outagedrill.harness.cli;

import io.outagedrill.harness.sut.SystemsUnderTest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code --clients} and {@code --policies} of {@code drill compare} and {@code drill bench}, read and checked
 * alike before anything runs: a misspelt client or policy would fail every download of every run (or forked JVM),
 * one given twice makes two rows of one name, and policies given for no client that takes them would be dropped.
 */
public final class ClientsAndPolicies {
    /**
     * Why a client or policy may be listed once only: played twice, it made two table rows of one name, each marked
     * best against the other, while the report pooled both runs into one group.
     */
    static final String TWICE = " is given twice; list each once (the table would show two rows of one name, the "
            + "report one group of both runs)";

    private ClientsAndPolicies() {
    }

    /**
     * The clients as given in {@code --clients}, each one's enclosing double quotes dropped: a {@code cmd:} template
     * with a comma in it is quoted whole ({@code --clients 'reference,"cmd:dl --x=a,b {urls}"'}), and picocli splits
     * the list outside quotes only but keeps them.
     */
    public static List<String> unquoted(List<String> clients) {
        return clients.stream().map(c -> c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")
                ? c.substring(1, c.length() - 1) : c).toList();
    }

    /**
     * A list option given with a comma at its end ({@code --clients 'reference,'}): picocli drops the empty entry
     * after it without a word, where an empty one between two commas is refused as an unknown client; said alike.
     */
    public static Optional<String> trailingComma(picocli.CommandLine.ParseResult given) {
        for (String option : List.of("--clients", "--policies")) {
            picocli.CommandLine.Model.OptionSpec matched = given == null ? null : given.matchedOption(option);
            if (matched == null) {
                continue;
            }
            for (String value : matched.originalStringValues()) {
                if (value.strip().endsWith(",")) {
                    return Optional.of("%s: '%s' ends with a comma: an empty entry (a name left out?); list them "
                            .formatted(option, value) + "separated by commas, with none at the end");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with them, naming the option; empty when nothing is. {@code clientProblem} judges each client:
     * {@code drill compare} refuses one that cannot run here, {@code drill bench} only a misspelt one (it skips
     * those not installed). {@code policiesGiven}: whether {@code --policies} was on the command line (it has a
     * default).
     */
    public static Optional<String> problem(List<String> clients, List<String> policies, boolean policiesGiven,
                                           Function<String, Optional<String>> clientProblem) {
        return clientsProblem(clients, clientProblem).map(p -> "--clients: " + p)
                .or(() -> givenTwice(clients).map(c -> "--clients: " + c + TWICE))
                // "default" keeps each scenario's own policy.
                .or(() -> policies.stream().filter(p -> !p.equals("default"))
                        .flatMap(p -> SystemsUnderTest.policyProblem(p, "reference").stream())
                        .map(p -> "--policies: " + p).findFirst())
                .or(() -> givenTwice(policies).map(p -> "--policies: " + p + TWICE))
                // Other clients run once with their own defaults: policies given for none would be dropped unseen.
                .or(() -> policiesGiven && clients.stream().noneMatch(c -> c.startsWith("reference"))
                        ? Optional.of("--policies: they are the reference client's, and --clients "
                        + String.join(",", clients) + " has no reference client; add reference (or reference-cli), "
                        + "or leave --policies out")
                        : Optional.empty());
    }

    /** The first of {@code items} given more than once, as given. */
    private static Optional<String> givenTwice(List<String> items) {
        Set<String> seen = new HashSet<>();
        return items.stream().filter(i -> !seen.add(i)).findFirst().map(i -> "'" + i + "'");
    }

    /**
     * The first client of the list {@code problemOf} refuses. One that follows a {@code cmd:} template and is no
     * client at all is most likely the template's tail, cut at a comma in it: that is said, with how to quote it.
     */
    private static Optional<String> clientsProblem(List<String> clients, Function<String, Optional<String>> problemOf) {
        for (int i = 0; i < clients.size(); i++) {
            Optional<String> problem = problemOf.apply(clients.get(i));
            if (problem.isPresent()) {
                boolean cut = i > 0 && clients.get(i - 1).startsWith("cmd:")
                        && SystemsUnderTest.clientProblem(clients.get(i)).isPresent();
                return Optional.of(problem.get() + (cut ? "; if it is the rest of the cmd: template before it, cut "
                        + "at its comma, quote that template whole: --clients 'reference,\"cmd:my-dl --x=a,b {urls}\"'"
                        : ""));
            }
        }
        return Optional.empty();
    }
}
