package io.outagedrill.harness.sut;

import io.outagedrill.client.transfer.AdaptivePolicy;
import io.outagedrill.client.transfer.Policies;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The built-in systems under test by the names scenarios and {@code --client} use. */
public final class SystemsUnderTest {
    public static final List<String> BUILT_IN = List.of("reference", "reference-cli", "aria2c", "curl", "cmd:...");

    private SystemsUnderTest() {
    }

    /**
     * The names {@code policy} takes for a built-in client: the reference client's failover policies, aria2c's
     * profiles; empty for a client that has none (curl, a {@code cmd:} template).
     */
    public static List<String> policies(String client) {
        return switch (client) {
            case "reference", "reference-cli" -> Policies.NAMES;
            case "aria2c" -> Aria2c.PROFILE_NAMES;
            default -> List.of();
        };
    }

    /**
     * How a group's policy is named in a run's label when {@code client} plays it: the group's own when that client
     * takes it, else the one that client runs with when given none ({@link #defaultPolicy}: a scenario's {@code
     * policy: adaptive}, written for the reference client, means nothing to a {@code cmd:} downloader or curl put in
     * its place, and a label saying it would mislead). The reference client's is named "adaptive", as {@code drill
     * compare} names it: a run and a baseline of the same policy carry the same label.
     */
    public static String policyLabel(String client, String groupPolicy) {
        return groupPolicy != null && policies(client).contains(groupPolicy) ? groupPolicy : defaultPolicy(client);
    }

    /** The policy a built-in client runs with when none is given: adaptive for the reference client. */
    public static String defaultPolicy(String client) {
        return switch (client) {
            case "reference", "reference-cli" -> AdaptivePolicy.NAME;
            default -> "default";
        };
    }

    /** Why {@code policy} cannot be used with {@code client}, naming the policies that can; empty when it can. */
    public static Optional<String> policyProblem(String policy, String client) {
        List<String> names = policies(client);
        if (names.isEmpty()) {
            return Optional.of("%s has no policies (reference, reference-cli and aria2c have)"
                    .formatted(client.startsWith("cmd:") ? "a cmd: template" : client));
        }
        return names.contains(policy) ? Optional.empty() : Optional.of("unknown policy '%s' for %s; expected one of %s"
                .formatted(policy, client, String.join(", ", names)));
    }

    /**
     * Why {@code policy} means nothing to {@code scenario}'s own clients (no client option in their place): none of
     * them takes it, so every group would run its client's default under a name it never had. Empty when one does.
     */
    public static Optional<String> policyProblem(String policy, Scenario scenario) {
        List<String> clients = scenario.clients().stream().map(g -> g.client().text()).distinct().toList();
        if (clients.stream().anyMatch(c -> policies(c).contains(policy))) {
            return Optional.empty();
        }
        return Optional.of("no client of %s takes '%s'; its clients: %s".formatted(scenario.name(), policy,
                String.join(", ", clients.stream().map(c -> c + (policies(c).isEmpty() ? " (none)"
                        : " (" + String.join(", ", policies(c)) + ")")).toList())));
    }

    /**
     * Why one of {@code scenario}'s own clients cannot download here ({@link #runProblem}), naming its group: a
     * {@code cmd:} program that is not there (a relative path is taken from the folder the run starts in) or a
     * client not installed would otherwise play the whole run, fail every download of it and leave a record of a
     * run that never had a chance. Empty when each can.
     */
    private static Optional<String> ownClientsProblem(Scenario scenario) {
        for (int i = 0; i < scenario.clients().size(); i++) {
            Optional<String> cannot = runProblem(scenario.clients().get(i).client().text());
            if (cannot.isPresent()) {
                return Optional.of(String.format(Locale.ROOT, "%s: clients[%d].client: %s", scenario.name(), i,
                        cannot.get()));
            }
        }
        return Optional.empty();
    }

    /** A choice a run of a scenario cannot be played with, and which choice, for each front end to name in its words. */
    public record ChoiceProblem(Choice choice, String why) {
        /** The client given for the run, the policy given for it, or one of the scenario's own clients. */
        public enum Choice { CLIENT, POLICY, SCENARIO_CLIENT }
    }

    /**
     * What stops {@code scenario} from being played with {@code client} (empty: each group's own) and {@code policy}
     * (empty: each client's default), checked before anything starts by {@code drill run}, the JUnit extension and
     * the Maven goal alike: a client that is not installed ({@link #runProblem}), a policy that client does not take,
     * or with the groups' own clients, one of them that cannot run or a policy none of them takes. The runner would
     * otherwise play such a run all the same, failing its downloads or running a default under a name it never had.
     */
    public static Optional<ChoiceProblem> choiceProblem(Scenario scenario, Optional<String> client,
                                                        Optional<String> policy) {
        if (client.isPresent()) {
            return runProblem(client.get()).map(why -> new ChoiceProblem(ChoiceProblem.Choice.CLIENT, why))
                    .or(() -> policy.flatMap(p -> policyProblem(p, client.get()))
                            .map(why -> new ChoiceProblem(ChoiceProblem.Choice.POLICY, why)));
        }
        return ownClientsProblem(scenario).map(why -> new ChoiceProblem(ChoiceProblem.Choice.SCENARIO_CLIENT, why))
                .or(() -> policy.flatMap(p -> policyProblem(p, scenario))
                        .map(why -> new ChoiceProblem(ChoiceProblem.Choice.POLICY, why)));
    }

    /**
     * Closes a user's adapter that is {@link AutoCloseable} (a connection pool, threads) when its runs end, as the
     * JUnit extension and the Maven goal both do; others are left as they are. An interrupt is kept for the caller;
     * a checked failure other than an {@link IOException} comes back as one naming the adapter.
     */
    public static void closeIfCloseable(SystemUnderTest adapter) throws IOException {
        if (!(adapter instanceof AutoCloseable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("could not close the adapter %s: %s".formatted(adapter.getClass().getName(), e), e);
        }
    }

    /** Why {@code name} is not a client here, naming those that are; empty when it is one. */
    public static Optional<String> clientProblem(String name) {
        if (name.startsWith("cmd:")) {
            // A blank template too: CommandTemplate says it needs a command, with an example.
            return CommandTemplate.problem(name.substring(4));
        }
        return BUILT_IN.contains(name) && !name.equals("cmd:...") ? Optional.empty()
                : Optional.of("unknown client '%s'; expected one of %s".formatted(name, String.join(", ", BUILT_IN)));
    }

    /**
     * Why {@code name} cannot download here: not a client ({@link #clientProblem}), or one that is not installed
     * (aria2c, curl, a {@code cmd:} program not on PATH). For a client the user named: refused before a run
     * starts, where a missing program would fail every download of it. Benchmarks skip such a client instead.
     */
    public static Optional<String> runProblem(String name) {
        return clientProblem(name).or(() -> named(name, Clock.systemUTC()).unavailable());
    }

    public static SystemUnderTest named(String name, Clock clock) {
        if (name.startsWith("cmd:")) {
            return new CommandTemplate(name.substring(4), clock);
        }
        return switch (name) {
            case "reference" -> new ReferenceClientInProcess();
            case "reference-cli" -> new ReferenceClientProcess(clock);
            case "aria2c" -> new Aria2c(clock);
            case "curl" -> new CurlSequential(clock);
            default -> throw new IllegalArgumentException("unknown client '%s'; expected one of %s"
                    .formatted(name, String.join(", ", BUILT_IN)));
        };
    }
}
