package io.outagedrill.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.reports.SampleRuns;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two drills finishing together are two JVMs: the file lock around runs.json, not a Java monitor, must keep either
 * from losing the other's entries. This JVM and a child record drills into one results folder at the same time.
 */
class TwoJvmsTest {
    static final int EACH = 8;

    /** The child: records {@code EACH} drills named {@code TAG-i} into the folder given. */
    public static void main(String[] args) throws Exception {
        record(Path.of(args[0]), args[1]);
    }

    static void record(Path results, String tag) throws Exception {
        ReportHistory history = new ReportHistory(results, Clock.systemUTC());
        for (int i = 0; i < EACH; i++) {
            history.record("run", tag + " " + i, SampleRuns.twoPolicies());
        }
    }

    @Test
    void neitherJvmLosesTheOthersDrills(@TempDir Path results) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TwoJvmsTest.class.getName(), results.toString(), "child").inheritIO().start();
        record(results, "parent");
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished within 120 s").isTrue();
        assertThat(child.exitValue()).as("the child JVM's exit code").isZero();

        List<String> ids = new RunsManifest(results).read().stream().map(RunEntry::id).toList();
        assertThat(ids).as("runs.json after both JVMs recorded %d drills each", EACH).hasSize(2 * EACH);
        assertThat(ids.stream().filter(id -> id.contains("-child-"))).hasSize(EACH);
        assertThat(ids.stream().filter(id -> id.contains("-parent-"))).hasSize(EACH);
    }
}
