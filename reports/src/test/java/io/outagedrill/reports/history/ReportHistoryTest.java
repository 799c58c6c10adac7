package io.outagedrill.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.SampleRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHistoryTest {
    /** Written like the harness writes records: ISO times and durations. */
    static final ObjectMapper RECORDS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    static final Instant T = Instant.parse("2026-12-03T12:45:01Z");

    @TempDir
    Path results;

    /** Writes each run as a record file under {@code results/SCENARIO/} and returns it as the runner would. */
    List<RunResult> recorded(String tag, List<RunResult> runs) throws IOException {
        List<RunResult> written = new ArrayList<>();
        for (RunResult r : runs) {
            Path file = Files.createDirectories(results.resolve(r.scenario()))
                    .resolve(r.client() + "-" + r.policy() + "-" + tag + ".json");
            RunResult w = new RunResult(r.scenario(), r.description(), r.client(), r.policy(), r.seed(), r.compress(),
                    r.started(), r.elapsed(), r.faults(), r.notes(), r.downloads(), r.verdicts(), file);
            RECORDS.writeValue(file.toFile(), w);
            written.add(w);
        }
        return written;
    }

    ReportHistory at(int secondsLater) {
        return new ReportHistory(results, Clock.fixed(T.plusSeconds(secondsLater), ZoneOffset.UTC));
    }

    @Test
    void twoDrillsInARowLeaveTwoReportsBothReachableFromTheIndex() throws Exception {
        List<RunResult> all = recorded("a", SampleRuns.twoPolicies());
        ReportHistory.Recorded first = at(0).record("run", null, all);
        ReportHistory.Recorded second = at(60).record("run", null, recorded("b", all.subList(0, 1)));

        assertThat(first.folder()).as("each drill's own folder").isNotEqualTo(second.folder());
        assertThat(first.entry().id()).isEqualTo("20261203T124501-run-blackhole-reference");
        assertThat(first.written().html()).as("the first report is still there after the second").exists();
        // ../index.html: from latest/ (a link browsers resolve by its URL) the index itself, from reports/ID/ a page
        // that sends on to it.
        assertThat(Files.readString(first.written().html())).as("a report links back to the index")
                .contains("href=\"../index.html\"");
        assertThat(Files.readString(results.resolve("reports/index.html"))).as("reports/index.html")
                .contains("<meta http-equiv=\"refresh\" content=\"0; url=../index.html\">");
        assertThat(second.written().html()).exists();
        String index = Files.readString(results.resolve("index.html"));
        assertThat(index).contains("href=\"reports/" + first.entry().id() + "/index.html\"",
                "href=\"reports/" + second.entry().id() + "/index.html\"");
        assertThat(index.indexOf(second.entry().id())).as("newest first").isLessThan(index.indexOf(first.entry().id()));
        assertThat(at(0).runs()).extracting(RunEntry::id).containsExactly(second.entry().id(), first.entry().id());
        assertThat(first.entry().records()).containsExactly("blackhole/reference-parallel-a.json",
                "blackhole/reference-sequential-a.json");
        assertThat(first.entry().scenarios()).containsExactly("blackhole");
        assertThat(first.entry().policies()).containsExactly("parallel", "sequential");
        assertThat(first.entry().passed()).isFalse();
        Path latest = results.resolve("latest");
        assertThat(Files.isSymbolicLink(latest)).as("latest is a symbolic link on this OS").isTrue();
        assertThat(latest.resolve("index.html").toRealPath()).isEqualTo(second.written().html().toRealPath());
    }

    @Test
    void theIndexAndManifestAreAsReadableAsAnyFileWrittenHere() throws Exception {
        at(0).record("run", null, recorded("a", SampleRuns.twoPolicies()));
        Path plain = Files.writeString(results.resolve("plain.txt"), "x");
        var expected = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(results.resolve("index.html"))).as("index.html permissions")
                .isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(results.resolve("runs.json"))).as("runs.json permissions")
                .isEqualTo(expected);
    }

    @Test
    void twoDrillsInTheSameSecondGetTwoFolders() throws Exception {
        List<RunResult> runs = recorded("a", SampleRuns.twoPolicies());
        Path one = at(0).record("run", null, runs).folder();
        Path two = at(0).record("run", null, runs).folder();
        assertThat(two.getFileName().toString()).isEqualTo(one.getFileName() + "-2");
        assertThat(at(0).runs()).hasSize(2);
    }

    @Test
    void drillsFinishingTogetherBothLandInTheManifest() throws Exception {
        List<RunResult> runs = recorded("a", SampleRuns.twoPolicies());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ReportHistory.Recorded>> drills = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                drills.add(() -> at(n).record("run", "drill " + n, runs));
            }
            for (Future<ReportHistory.Recorded> f : pool.invokeAll(drills)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(at(0).runs()).as("every drill's entry, none lost to another's write").hasSize(8);
        assertThat(Files.readString(results.resolve("index.html"))).contains("drill-7", "drill-0");
        try (var left = Files.list(results)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary files left behind")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aRebuiltReportEqualsTheOriginal() throws Exception {
        ReportHistory.Recorded original = at(0).record("compare", null, recorded("a", SampleRuns.twoPolicies()));
        String json = Files.readString(original.written().json());

        var rebuilt = at(3600).rebuild(original.entry().id(), results.resolve("rebuilt"));
        assertThat(Files.readString(rebuilt.json())).isEqualTo(json);

        Files.delete(original.written().json());
        at(7200).rebuild(original.entry().id(), null);
        assertThat(Files.readString(original.written().json())).as("rebuilt in its own folder").isEqualTo(json);
    }

    @Test
    void rebuildingNamesWhatIsMissing() throws Exception {
        ReportHistory.Recorded r = at(0).record("run", null, recorded("a", SampleRuns.twoPolicies()));
        assertThatThrownBy(() -> at(0).rebuild("nope", null)).hasMessageContaining("no run nope")
                .hasMessageContaining(r.entry().id());
        Files.delete(results.resolve(r.entry().records().getFirst()));
        assertThatThrownBy(() -> at(0).rebuild(r.entry().id(), null))
                .hasMessageContaining(r.entry().records().getFirst()).hasMessageContaining("no longer at");
    }

    @Test
    void pruneKeepsTheNewestRunsAndTheRecordsTheyList() throws Exception {
        List<RunResult> shared = recorded("shared", SampleRuns.twoPolicies());
        RunEntry oldest = at(0).record("run", "oldest", recorded("old", SampleRuns.twoPolicies())).entry();
        RunEntry middle = at(10).record("run", "middle", shared).entry();
        RunEntry newest = at(20).record("run", "newest", shared.subList(0, 1)).entry();

        ReportHistory.Pruned pruned = at(30).prune(1);

        assertThat(pruned.kept()).extracting(RunEntry::id).containsExactly(newest.id());
        assertThat(pruned.removed()).extracting(RunEntry::id).containsExactly(middle.id(), oldest.id());
        assertThat(results.resolve(oldest.reportDir())).doesNotExist();
        assertThat(results.resolve(middle.reportDir())).doesNotExist();
        assertThat(results.resolve(newest.reportDir()).resolve("index.html")).exists();
        // The oldest run's records go; of the middle run's, the one the newest run lists stays.
        assertThat(results.resolve("blackhole/reference-parallel-old.json")).doesNotExist();
        assertThat(results.resolve("blackhole/reference-parallel-shared.json")).exists();
        assertThat(results.resolve("blackhole/reference-sequential-shared.json")).doesNotExist();
        assertThat(pruned.recordsDeleted()).hasSize(3);
        assertThat(Files.readString(results.resolve("index.html"))).contains(newest.id())
                .doesNotContain(middle.id()).doesNotContain(oldest.id());
        assertThat(at(30).runs()).extracting(RunEntry::id).containsExactly(newest.id());
    }

    /** A record cut short after its drill was listed is named with what is wrong, as a results folder's would be. */
    @Test
    void rebuildingFromARecordCutShortNamesItAndWhere() throws Exception {
        ReportHistory.Recorded r = at(0).record("run", null, recorded("a", SampleRuns.twoPolicies()));
        Path record = results.resolve(r.entry().records().getFirst());
        Files.writeString(record, "{\"scenario\": \"blackhole\",\n");

        assertThatThrownBy(() -> at(0).rebuild(r.entry().id(), null)).isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("run " + r.entry().id() + " lists a record that cannot be read: " + record
                        + ": not JSON at line 2")
                .hasMessageContaining("A run record is the JSON file `drill run` writes");
    }

    /** runs.json may be edited by hand: an id that leads out of reports/ is refused, not deleted with all below. */
    @Test
    void pruneRefusesARunWhoseFolderLeadsOutOfTheReportsAndDeletesNothing() throws Exception {
        RunEntry oldest = at(0).record("run", "oldest", recorded("old", SampleRuns.twoPolicies())).entry();
        at(10).record("run", "newest", recorded("new", SampleRuns.twoPolicies()));
        Path manifest = results.resolve(RunsManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"" + oldest.id() + "\"", "\"..\""));

        assertThatThrownBy(() -> at(30).prune(1)).isInstanceOf(java.io.IOException.class)
                .hasMessage("runs.json names run '..' with the folder %s, outside %s; nothing was deleted",
                        results.toAbsolutePath().normalize(),
                        results.resolve(ReportHistory.REPORTS).toAbsolutePath().normalize());
        assertThat(results.resolve("blackhole/reference-parallel-old.json")).as("a record of the refused run")
                .exists();
        assertThat(results.resolve(RunsManifest.FILE)).exists();
    }

    @Test
    void aReportThatCannotBeWrittenLeavesNoFolderBehind() throws Exception {
        List<RunResult> runs = recorded("a", SampleRuns.twoPolicies());
        assertThatThrownBy(() -> at(0).record("bench", null, runs, List.of(results.resolve("missing-jmh.json"))))
                .hasMessageContaining("missing-jmh.json");
        try (var left = Files.list(results.resolve(ReportHistory.REPORTS))) {
            assertThat(left).as("report folders after a failed record").isEmpty();
        }
        assertThat(at(0).runs()).isEmpty();
    }

    /** Ctrl-C as the drill's end is listed: the listing's lock refuses, and the written folder goes with it. */
    @Test
    void aReportThatCannotBeListedLeavesNoFolderBehind() throws Exception {
        List<RunResult> runs = recorded("a", SampleRuns.twoPolicies());

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> at(0).record("run", null, runs)).as("recording on an interrupted thread")
                    .isInstanceOf(java.io.IOException.class);
        } finally {
            Thread.interrupted();
        }

        try (var left = Files.list(results.resolve(ReportHistory.REPORTS))) {
            assertThat(left).as("report folders after a record that could not be listed").isEmpty();
        }
        assertThat(at(0).runs()).isEmpty();
    }

    @Test
    void pruningEverythingRemovesTheLatestPointer() throws Exception {
        at(0).record("run", null, recorded("a", SampleRuns.twoPolicies()));
        at(1).prune(0);
        assertThat(Files.exists(results.resolve("latest"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(results.resolve("blackhole")).as("a scenario folder emptied by pruning goes too").doesNotExist();
        assertThat(Files.readString(results.resolve("index.html"))).contains("No runs yet");
    }
}
