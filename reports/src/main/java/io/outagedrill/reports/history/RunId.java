package io.outagedrill.reports.history;

import io.outagedrill.harness.run.RunResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A run's folder name: when, what kind, and what ran, e.g.
 * {@code 20261203T124501-run-primary-blackhole-mid-transfer-aria2c}. Sorts by time; readable in a file browser.
 */
final class RunId {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final int MAX_LENGTH = 100;

    private RunId() {
    }

    /** @param description what ran in a few words, or null to name it from the runs' scenarios and clients */
    static String of(Instant at, String kind, String description, List<RunResult> runs) {
        String what = description != null && !description.isBlank() ? description : describe(runs);
        String id = STAMP.format(at) + "-" + slug(kind) + (what.isEmpty() ? "" : "-" + slug(what));
        return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH).replaceAll("-+$", "") : id;
    }

    /** One scenario by name, several by count; the same for clients. */
    static String describe(List<RunResult> runs) {
        List<String> scenarios = runs.stream().map(RunResult::scenario).distinct().toList();
        List<String> clients = runs.stream().map(RunResult::client).distinct().toList();
        return named(scenarios, "scenarios") + "-" + named(clients, "clients");
    }

    private static String named(List<String> names, String plural) {
        return names.size() <= 2 ? String.join("-", names) : names.size() + "-" + plural;
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
    }
}
