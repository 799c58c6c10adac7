package io.outagedrill.reports.svg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bar labels as drawn: a user's cmd: template is its downloader's label, and can be far longer than the margin. */
class BarChartTest {
    private static final String TEMPLATE = "cmd:/opt/pipeline/bin/fetch-media --ca {ca} --sha256 {sha256} -o {output} "
            + "--resolve={resolve} --retries 3 {urls}";

    @Test
    void aLabelLongerThanTheMarginIsShortenedInItsMiddleAndWholeInTheTooltip() {
        String svg = BarChart.draw("c", "p50", "s", List.of(
                new BarChart.Bar(TEMPLATE + " / default", 3.0, "3.00 s", false, "a"),
                new BarChart.Bar("reference / adaptive", 2.0, "2.00 s", true, "b")));

        String drawn = BarChart.fitted(TEMPLATE + " / default");
        assertThat(drawn).as("the label as drawn").hasSize(BarChart.LONGEST_LABEL)
                .startsWith("cmd:/opt/pipeline/bin/fetch-media").endsWith("{urls} / default").contains("…");
        assertThat(svg).as("the chart").contains(">" + drawn + "<")
                .contains(TEMPLATE + " / default: 3.00 s");
        assertThat(BarChart.fitted("reference / adaptive")).isEqualTo("reference / adaptive");
    }
}
