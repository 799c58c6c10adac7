package io.outagedrill.harness.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One scenario run with one client and policy: the faults as they happened, every download, every SLO verdict.
 * Written as JSON per run; the reports read these.
 *
 * @param notes what the run wants a reader to know (faults it could not act out, clients it skipped)
 * @param resultFile where the JSON was written, or null when not written
 */
public record RunResult(String scenario, String description, String client, String policy, long seed,
                        double compress, Instant started, Duration elapsed, List<FaultWindow> faults,
                        List<String> notes, List<DownloadRecord> downloads, List<SloVerdict> verdicts,
                        Path resultFile) {
    public RunResult {
        faults = List.copyOf(faults);
        notes = List.copyOf(notes);
        downloads = List.copyOf(downloads);
        verdicts = List.copyOf(verdicts);
    }

    public boolean passed() {
        return verdicts.stream().allMatch(SloVerdict::passed);
    }

    public List<SloVerdict> failures() {
        return verdicts.stream().filter(v -> !v.passed()).toList();
    }

    RunResult writtenTo(Path file) {
        return new RunResult(scenario, description, client, policy, seed, compress, started, elapsed, faults, notes,
                downloads, verdicts, file);
    }
}
