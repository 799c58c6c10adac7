package io.outagedrill.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.model.Report;
import io.outagedrill.reports.model.ReportBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class HtmlPageTest {
    final List<RunResult> runs = SampleRuns.twoPolicies();
    final Report report = ReportBuilder.build(runs, Instant.parse("2026-01-02T00:00:00Z"));
    final String html = HtmlPage.render(report, runs);

    Map<String, List<Document>> charts() throws Exception {
        List<Document> docs = new java.util.ArrayList<>();
        for (String svg : Xml.svgs(html)) {
            docs.add(Xml.parse(svg));   // throws if any SVG is not well-formed
        }
        return docs.stream().collect(Collectors.groupingBy(d -> d.getDocumentElement().getAttribute("data-chart")));
    }

    static List<String> series(Document svg) {
        return Xml.all(svg, "g").stream().map(g -> g.getAttribute("data-series")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void everyChartKindIsThereAndWellFormed() throws Exception {
        Map<String, List<Document>> charts = charts();
        assertThat(charts).containsKeys("throughput", "timeline", "cdf", "recovery", "compare-p50", "compare-score");
        assertThat(charts.get("throughput")).hasSize(2);   // one per policy
        assertThat(charts.get("timeline")).hasSize(2);
    }

    @Test
    void throughputHasItsSeriesAndTheFaultShaded() throws Exception {
        Document t = charts().get("throughput").getFirst();
        assertThat(series(t)).containsExactly("all downloads");
        Element line = Xml.all(t, "polyline").getFirst();
        assertThat(line.getAttribute("points").split(" ")).hasSize(80);
        List<Element> faults = Xml.all(t, "g").stream().filter(g -> g.getAttribute("data-fault").equals("cf-blackhole"))
                .toList();
        assertThat(faults).hasSize(1);
        Element shade = Xml.all(faults.getFirst(), "rect").getFirst();
        assertThat(Double.parseDouble(shade.getAttribute("width"))).isPositive();
        assertThat(shade.getTextContent()).contains("cf-blackhole (toxic.timeout on cloudflare): 4 s to 9 s")
                .contains("a <test> note");
    }

    @Test
    void timelineMarksChunksByMirrorAndSwitchReasonsOnHover() throws Exception {
        Document t = charts().get("timeline").getFirst();
        List<Element> rows = Xml.all(t, "g").stream().filter(g -> g.hasAttribute("data-download")).toList();
        assertThat(rows).extracting(g -> g.getAttribute("data-download"))
                .containsExactly("c-0", "c-1", "c-2", "c-3", "c-failed");
        long chunks = Xml.all(t, "rect").stream().filter(r -> r.getAttribute("class").equals("chunk")).count();
        assertThat(chunks).isEqualTo(4 * 8 + 2);
        Element sw = Xml.all(t, "polygon").stream().filter(p -> p.getAttribute("class").equals("switch")).findFirst()
                .orElseThrow();
        assertThat(sw.getTextContent()).isEqualTo(
                "switch cloudflare.test → fastly.test: cloudflare.test: no data for 2000 ms mid-chunk");
        assertThat(t.getDocumentElement().getTextContent()).contains("chunk 3 from fastly.test at");
    }

    @Test
    void cdfHasOneStepLinePerPolicyAndTheSloLine() throws Exception {
        Document cdf = charts().get("cdf").getFirst();
        assertThat(series(cdf)).containsExactly("reference / parallel", "reference / sequential");
        // 4 of 5 completed: start, 2 points per completion, end
        Element line = Xml.all(cdf, "polyline").getFirst();
        assertThat(line.getAttribute("points").split(" ")).hasSize(2 + 2 * 4);
        assertThat(line.getTextContent()).isEqualTo("reference / parallel: 4 of 5 completed");
        assertThat(cdf.getDocumentElement().getTextContent()).contains("SLO 15.0 s");
        double plotRight = Xml.all(cdf, "polyline").stream()
                .flatMap(l -> java.util.Arrays.stream(l.getAttribute("points").split(" ")))
                .mapToDouble(point -> Double.parseDouble(point.split(",")[0])).max().orElseThrow();
        assertThat(Xml.all(cdf, "text").stream().filter(t -> t.getTextContent().startsWith("reference / ")))
                .as("the legend's labels, right of every line (never over them)").hasSize(2)
                .allSatisfy(t -> assertThat(Double.parseDouble(t.getAttribute("x"))).isGreaterThan(plotRight));
    }

    @Test
    void recoveryAndComparisonBarsMarkTheBest() throws Exception {
        Map<String, List<Document>> charts = charts();
        assertThat(series(charts.get("recovery").getFirst())).containsExactly(
                "reference / parallel · cf-blackhole start", "reference / parallel · cf-blackhole clear",
                "reference / sequential · cf-blackhole start", "reference / sequential · cf-blackhole clear");
        Document p50 = charts.get("compare-p50").getFirst();
        Map<String, String> bars = Xml.all(p50, "rect").stream().filter(r -> r.getAttribute("class").equals("bar"))
                .collect(Collectors.toMap(r -> r.getTextContent().split(":")[0], r -> r.getAttribute("fill"),
                        (a, b) -> a));
        assertThat(bars).containsEntry("reference / parallel", "#0072B2")
                .containsEntry("reference / sequential", "#9cc3e0");
        assertThat(html).contains("<td class=\"num best\">");
    }

    @Test
    void pageIsSelfContainedAndEscapesText() {
        // The SVG namespace is a name, not a fetch; nothing else may point at the network.
        String page = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(page).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html).contains("The primary CDN &lt;b&gt;stops&lt;/b&gt; mid-transfer.");
        assertThat(html).contains("How the score is computed.").contains("nearest rank");
        assertThat(html).contains("completeWithin 80% in 15 s").contains("FAIL");
    }

    /**
     * Wasted bytes come with a downloader's report of a completed download: a group none of whose downloads completed
     * says so, not "not reported", which reads as a client that never reports them (the reference client does).
     */
    @Test
    void aGroupWithNoCompletedDownloadSaysSoForItsWastedBytes() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        io.outagedrill.harness.run.DownloadRecord stuck = new io.outagedrill.harness.run.DownloadRecord("c-1",
                "clients-1", "reference", "sequential", "video.mp4", 1 << 20, t0, t0.plusSeconds(90),
                java.time.Duration.ofSeconds(90), 1, false, false, true, null, 3, 0, null, List.of(), Map.of(), null,
                List.of(), List.of(), "");
        List<RunResult> failed = List.of(new RunResult("slow-primary", "d", "reference", "sequential", 1, 1.0, t0,
                java.time.Duration.ofSeconds(90), List.of(), List.of(), List.of(stuck), List.of(), null));

        String page = HtmlPage.render(ReportBuilder.build(failed, t0), failed);

        java.util.regex.Matcher row = java.util.regex.Pattern.compile("<td>([^<]*)</td><td>[^<]*</td></tr>")
                .matcher(page);
        assertThat(row.find()).as("the summary row's last cells").isTrue();
        assertThat(row.group(1)).as("its bytes wasted cell").isEqualTo("none completed");
    }
}
