package io.outagedrill.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** The fleet bench's scenario, sizing and figures, without running a fleet. */
class FleetRunTest {

    @Test
    void theBuiltInFleetScenarioIsTheHerdsWorldWithItsCountSetToTheSize() throws Exception {
        Scenario herd = FleetRun.load(FleetRun.BUILT_IN);

        Scenario fleet = FleetRun.withClients(herd, 3000);

        assertThat(fleet.clients()).extracting(ClientGroup::count).containsOnly(3000);
        assertThat(fleet.clients().getFirst().options()).isEqualTo(herd.clients().getFirst().options());
        assertThat(fleet.topology().files().getFirst().size()).as("a 4 MiB file").isEqualTo(4L << 20);
        assertThat(fleet.timeline()).isEqualTo(herd.timeline());
        assertThat(fleet.slos()).isEqualTo(herd.slos());
    }

    /** Its SLOs judge the controller's re-signed manifests: a fleet without it would fail them for nothing. */
    @Test
    void aScenarioWithARoutingControllerKeepsItAtEverySize() throws Exception {
        Scenario routed = FleetRun.load("routing-moves-new-clients");

        Scenario fleet = FleetRun.withClients(routed, 5);

        assertThat(routed.routing()).as("the routing: block of routing-moves-new-clients").isNotNull();
        assertThat(fleet.routing()).as("the routing: block of the 5-client fleet").isEqualTo(routed.routing());
    }

    @Test
    void percentilesAreNearestRankAndMinusOneWithoutSamples() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(FleetRun.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(FleetRun.percentile(sorted, 0.9)).isEqualTo(9);
        assertThat(FleetRun.percentile(sorted, 1)).isEqualTo(10);
        assertThat(FleetRun.percentile(new double[0], 0.5)).isEqualTo(-1);
    }

    @Test
    void theTableGivesLiveHeapPerClientAboveTheBaselineAndNamesAHitLimit() {
        FleetFigures held = new FleetFigures(100, 2048, 133.8, 45.4, 342, 343, 243, 8, 13, "", 233, 100, 112.2,
                119.1, 122.3, 122.9, 3, 3, true, "", 972, "24.8 → 27.8");
        FleetFigures stopped = new FleetFigures(200, 160, 25.6, 20, 160, 158, -1, 8, -1,
                FleetRun.idleMissing("", 57, 200), -1, 0, -1, -1, -1, -1, 1, 4, false,
                "out of the JVM heap after 20 s", 400, "1.0 → 2.0");

        String table = FleetCurve.markdown(java.util.List.of(held, stopped));

        // (13 - 8) MiB / 100 clients = 51 KiB idle; (233 - 8) / 100 = 2304 KiB mid; (243 - 8) / 100 = 2406 KiB peak
        assertThat(table).contains("| 100 | 133.8 | 45.4 | 0.454 | 342 of 2048 | 343 | 51 / 2304 / 2406 | 100 |")
                .contains("3/3 held").contains("| - / - / - |").contains("stopped: out of the JVM heap after 20 s");
        assertThat(table.lines().filter(l -> l.startsWith("- idle at"))).as("a footnote for each idle \"-\"")
                .containsExactly("- idle at 200 clients: not measured: only 57 of 200 clients started");
        assertThat(FleetCurve.svg(java.util.List.of(held, stopped))).startsWith("<svg").contains("polyline")
                .contains("peak heap MiB");
    }

    /** Users arrive one after another, so the first are downloading when the last starts: the table says so. */
    @Test
    void anIdleFigureNotMeasuredSaysWhy() {
        long fleetBytes = 100 * (4L << 20);

        assertThat(FleetRun.idleMissing(FleetRun.pastIdle(fleetBytes * 38 / 100, fleetBytes), 100, 100))
                .startsWith("not measured: the fleet had 38% of its bytes when its last client started, past the 5%");
        assertThat(FleetRun.idleMissing("", 100, 100)).contains("the probe had not finished");
    }
}
