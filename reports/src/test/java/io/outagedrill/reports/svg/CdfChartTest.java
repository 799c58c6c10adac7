package io.outagedrill.reports.svg;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.reports.model.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The completion-time chart's axis fits the downloads: a 60 s SLO over downloads done in 3 s stretched it to 60 s and
 * squeezed every line into the plot's first twentieth, where they could not be told apart.
 */
class CdfChartTest {
    private static final Map<String, List<DownloadRecord>> DONE_IN_THREE_SECONDS = Map.of("reference / adaptive",
            List.of(Records.download("a", 0, 1, true, 0, List.of("a.test"), 1),
                    Records.download("b", 0, 3, true, 0, List.of("a.test"), 1)));
    private static final String SLO_LINE = "stroke=\"#c00\" stroke-dasharray=\"5 4\"";

    @Test
    void anSloFarPastTheSlowestDownloadIsNamedAtTheEdgeNotDrawn() {
        String svg = CdfChart.draw("s", DONE_IN_THREE_SECONDS, 60_000.0);

        assertThat(svg).doesNotContain(SLO_LINE).contains("SLO 60.0 s, past the slowest download");
    }

    @Test
    void anSloNearTheDownloadsIsDrawnWhereItIs() {
        String svg = CdfChart.draw("s", DONE_IN_THREE_SECONDS, 5_000.0);

        assertThat(svg).contains(SLO_LINE).doesNotContain("past the slowest download");
    }
}
