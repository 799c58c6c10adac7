package io.outagedrill.harness.junit;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.SloVerdict;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a scenario run: {@code assertThat(result).meetsSlos()}. Failure messages name each SLO
 * that failed with what it expected and what was measured, and the worst downloads.
 */
public final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

    RunResultAssert(RunResult actual) {
        super(actual, RunResultAssert.class);
    }

    public static RunResultAssert assertThat(RunResult actual) {
        return new RunResultAssert(actual);
    }

    /** Every SLO of the scenario held. */
    public RunResultAssert meetsSlos() {
        isNotNull();
        List<SloVerdict> failed = actual.failures();
        if (!failed.isEmpty()) {
            failWithMessage("%s with %s/%s (seed %d) missed %d of %d SLOs:%n%s%s%nrecord: %s", actual.scenario(),
                    actual.client(), actual.policy(), actual.seed(), failed.size(), actual.verdicts().size(),
                    failed.stream().map(v -> "  - %s: expected %s, measured %s%s".formatted(v.slo(), v.expected(),
                            v.measured(), v.detail().isBlank() ? "" : " (" + v.detail() + ")"))
                            .collect(Collectors.joining("\n")),
                    actual.notes().isEmpty() ? "" : "\nnotes:\n" + actual.notes().stream().map(n -> "  - " + n)
                            .collect(Collectors.joining("\n")),
                    actual.resultFile());
        }
        return this;
    }

    /** No download ended with exit 0 and a file that is not the signed one. */
    public RunResultAssert acceptedNoCorruptFile() {
        isNotNull();
        List<String> bad = actual.downloads().stream().filter(DownloadRecord::acceptedCorrupt)
                .map(DownloadRecord::id).toList();
        if (!bad.isEmpty()) {
            failWithMessage("%s: expected no corrupt file accepted, but %d download(s) exited 0 with a wrong file: %s",
                    actual.scenario(), bad.size(), bad);
        }
        return this;
    }

    /** At least {@code share} (0..1) of the downloads finished verified. */
    public RunResultAssert completedAtLeast(double share) {
        isNotNull();
        long ok = actual.downloads().stream().filter(DownloadRecord::succeeded).count();
        double seen = actual.downloads().isEmpty() ? 0 : (double) ok / actual.downloads().size();
        if (seen < share) {
            failWithMessage("%s: expected at least %.0f%% of downloads to finish verified, saw %.0f%% (%d of %d)",
                    actual.scenario(), share * 100, seen * 100, ok, actual.downloads().size());
        }
        return this;
    }
}
