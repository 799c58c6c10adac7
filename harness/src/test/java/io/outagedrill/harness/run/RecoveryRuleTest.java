package io.outagedrill.harness.run;

import static io.outagedrill.harness.run.Downloads.download;
import static io.outagedrill.harness.run.Downloads.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.Slo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryRuleTest {

    @Test
    void afterAStartTheDownloadsInFlightAndThoseStartedDuringTheFaultAreJudged() {
        DownloadRecord inFlight = download("in-flight", 0, 10, 1, 4.5, 9);
        DownloadRecord startedDuring = download("started-during", 4, 10, 5.5);
        DownloadRecord before = download("before", 0, 2, 1);
        DownloadRecord after = download("after", 7, 9, 8);

        List<RecoveryRule.Wait> waits = RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.START,
                List.of(inFlight, startedDuring, before, after));

        assertThat(waits).containsExactly(
                new RecoveryRule.Wait(inFlight, Downloads.at(3), Optional.of(Duration.ofMillis(1500))),
                new RecoveryRule.Wait(startedDuring, Downloads.at(4), Optional.of(Duration.ofMillis(1500))));
    }

    @Test
    void afterAClearOnlyTheDownloadsInFlightAreJudgedAndAFailedOneWithoutProgressNeverRecovers() {
        DownloadRecord stuck = download("stuck", 5, 10);
        stuck = new DownloadRecord(stuck.id(), stuck.group(), stuck.client(), stuck.policy(), stuck.file(),
                stuck.size(), stuck.started(), stuck.ended(), stuck.elapsed(), 1, false, false, false, 0L, 1, 0,
                null, List.of(), java.util.Map.of(), null, List.of(), List.of(), null);
        DownloadRecord startedDuring = download("started-during", 4, 10, 5.5, 7);

        List<RecoveryRule.Wait> waits = RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.CLEAR,
                List.of(stuck, startedDuring));

        assertThat(waits).extracting(w -> w.download().id(), RecoveryRule.Wait::recovered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stuck", false),
                        org.assertj.core.groups.Tuple.tuple("started-during", true));
    }

    @Test
    void aDownloadThatReportsNoChunksRecoversWhenItSucceeds() {
        DownloadRecord quiet = download("quiet", 0, 8);

        assertThat(RecoveryRule.waits(List.of(window("cut", 3, 6.0)), Slo.Edge.START, List.of(quiet)))
                .singleElement().extracting(RecoveryRule.Wait::took).isEqualTo(Optional.of(Duration.ofSeconds(5)));
    }
}
