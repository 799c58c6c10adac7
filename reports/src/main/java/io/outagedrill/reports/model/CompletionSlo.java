package io.outagedrill.reports.model;

import io.outagedrill.harness.run.SloVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The completion SLO of a run ("completeWithin 95% in 30 s"), read back from its verdict's name: the run record
 * keeps SLOs only as judged text, and the error budget and "share within the SLO time" need its target and time.
 * A whole-run SLO wins over a windowed one, because the budget is about every download.
 */
public record CompletionSlo(double targetShare, Duration within, boolean wholeRun) {
    private static final Pattern NAME = Pattern.compile(
            "^completeWithin ([0-9.]+)% in ([0-9.]+) s( \\(.*\\))?$");

    public static Optional<CompletionSlo> parse(String slo) {
        Matcher m = NAME.matcher(slo.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long millis = Math.round(Double.parseDouble(m.group(2)) * 1000);
        return Optional.of(new CompletionSlo(Double.parseDouble(m.group(1)) / 100.0, Duration.ofMillis(millis),
                m.group(3) == null));
    }

    public static Optional<CompletionSlo> of(List<SloVerdict> verdicts) {
        return verdicts.stream().map(v -> parse(v.slo())).flatMap(Optional::stream)
                .sorted((a, b) -> Boolean.compare(b.wholeRun, a.wholeRun)).findFirst();
    }
}
