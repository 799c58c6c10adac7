package io.outagedrill.harness.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario run with one client and policy: the faults as they happened, every download, every SLO verdict.
 * Written as JSON per run; the reports read these.
 *
 * @param notes what the run wants a reader to know (faults it could not act out, clients it skipped)
 * @param resultFile where the JSON was written, or null when not written
 * @param world      which world played it ({@link WorldStarter#name()}: "embedded", "containers"); null in a record
 *                   written before it was kept
 */
public record RunResult(String scenario, String description, String client, String policy, long seed,
                        double compress, Instant started, Duration elapsed, List<FaultWindow> faults,
                        List<String> notes, List<DownloadRecord> downloads, List<SloVerdict> verdicts,
                        Path resultFile, Map<String, Double> metrics, String world) {
    public RunResult {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        faults = List.copyOf(faults);
        notes = List.copyOf(notes);
        downloads = List.copyOf(downloads);
        verdicts = List.copyOf(verdicts);
    }

    /** A result without the world that played it (hand-made results, and records written before it was kept). */
    public RunResult(String scenario, String description, String client, String policy, long seed, double compress,
                     Instant started, Duration elapsed, List<FaultWindow> faults, List<String> notes,
                     List<DownloadRecord> downloads, List<SloVerdict> verdicts, Path resultFile,
                     Map<String, Double> metrics) {
        this(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes, downloads,
                verdicts, resultFile, metrics, null);
    }

    /** A result without metrics (runs without {@code --metrics-port}, and records written before they existed). */
    public RunResult(String scenario, String description, String client, String policy, long seed, double compress,
                     Instant started, Duration elapsed, List<FaultWindow> faults, List<String> notes,
                     List<DownloadRecord> downloads, List<SloVerdict> verdicts, Path resultFile) {
        this(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes, downloads,
                verdicts, resultFile, Map.of());
    }

    /** The same result with the run's client metrics ({@code name{tags}#statistic} to value). */
    public RunResult withMetrics(Map<String, Double> values) {
        return new RunResult(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes,
                downloads, verdicts, resultFile, values, world);
    }

    /** The same result, played in {@code name}'s world. */
    public RunResult withWorld(String name) {
        return new RunResult(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes,
                downloads, verdicts, resultFile, metrics, name);
    }

    /** The same result, its record at {@code file}. */
    public RunResult withResultFile(Path file) {
        return new RunResult(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes,
                downloads, verdicts, file, metrics, world);
    }

    /** False when a client of the run could not run at all (a program that would not start). */
    public boolean everyClientRan() {
        return verdicts.stream().noneMatch(v -> v.slo().equals(ScenarioRunner.EVERY_CLIENT_RAN) && !v.passed());
    }

    /** Why a client of the run could not run, from its notes; empty when every client ran. */
    public Optional<String> whyAClientCouldNotRun() {
        if (everyClientRan()) {
            return Optional.empty();
        }
        // One reason is enough: each client's names its own folder, and a fleet's would fill the screen.
        List<String> why = notes.stream().filter(n -> n.startsWith(ScenarioRunner.COULD_NOT_RUN)).toList();
        return Optional.of(why.isEmpty() ? "a client could not run" : why.getFirst().strip()
                + (why.size() > 1 ? " (and %d more)".formatted(why.size() - 1) : ""));
    }

    /**
     * The rounds of one client and policy (a {@code drill compare --repeat}) that its figures pool: those whose clients
     * ran. Pooled, a round whose client could not run would read as the policy's own failed downloads and missed SLOs;
     * it is listed among the runs not played instead. With no round that ran, all of them: a row of zeros beside the
     * reason, as for a single run.
     */
    public static List<RunResult> roundsThatRan(List<RunResult> rounds) {
        List<RunResult> ran = rounds.stream().filter(RunResult::everyClientRan).toList();
        return ran.isEmpty() ? List.copyOf(rounds) : ran;
    }

    public boolean passed() {
        return verdicts.stream().allMatch(SloVerdict::passed);
    }

    public List<SloVerdict> failures() {
        return verdicts.stream().filter(v -> !v.passed()).toList();
    }
}
