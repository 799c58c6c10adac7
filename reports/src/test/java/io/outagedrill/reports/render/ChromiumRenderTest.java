package io.outagedrill.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.reports.Reports;
import io.outagedrill.reports.SampleRuns;
import io.outagedrill.reports.history.ReportHistory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the generated pages in headless Chromium, as a reader would: the report, the results folder's index of
 * drills, and the report of a client that reports no progress. Each screenshot must be a real picture and the DOM
 * Chromium built must hold what the page promises. Skipped, saying how to install it, without Chromium.
 */
// Started among the first (the module runs its classes at once, longest first): six browser runs, 12-16 s, which started last
// would end the module alone.
@Order(1)
class ChromiumRenderTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "chromium-report");
    static final Path HISTORY = Path.of("target", "chromium-history");
    static Path page;
    static Path index;
    static Path silentPage;

    @BeforeAll
    static void writeReport() throws IOException {
        page = Reports.write(SampleRuns.twoPolicies(), OUT).toAbsolutePath();
        deleteTree(HISTORY);
        ReportHistory history = new ReportHistory(HISTORY, Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"),
                ZoneOffset.UTC));
        history.record("run", null, SampleRuns.twoPolicies());
        silentPage = new ReportHistory(HISTORY, Clock.fixed(Instant.parse("2026-12-03T12:45:01Z"), ZoneOffset.UTC))
                .record("run", null, List.of(SampleRuns.silentClient())).written().html().toAbsolutePath();
        index = history.index().toAbsolutePath();
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String chromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return CHROMIUM.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static List<String> command(String browser, Path profile, String... extra) {
        return command(browser, profile, page, extra);
    }

    static List<String> command(String browser, Path profile, Path page, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        return cmd;
    }

    /** Runs Chromium to completion and returns its stdout; its noisy stderr goes to a file under target/. */
    static String run(List<String> cmd) throws Exception {
        Path stdout = Files.createTempFile(OUT, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(OUT.resolve("chromium.stderr.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit code, see " + OUT.resolve("chromium.stderr.txt")).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void screenshotIsARealPicture(@TempDir Path profile) throws Exception {
        // Text, tables, the score badge and coloured chart lines: far more than a blank or error page.
        assertThat(colours(screenshot(profile, page, "report-screenshot.png", 2000, 20_000))).isGreaterThan(50);
    }

    @Test
    void theIndexOfDrillsIsARealPictureLinkingEveryReport(@TempDir Path profile) throws Exception {
        // A table of two rows with score badges: text, borders, green and red; less colourful than a report.
        assertThat(colours(screenshot(profile, index, "index-screenshot.png", 800, 5_000))).isGreaterThan(8);
        String dom = run(command(chromium(), profile, index, "--dump-dom"));
        Matcher links = Pattern.compile("<a href=\"(reports/[^\"]+/index.html)\"").matcher(dom);
        List<String> hrefs = new ArrayList<>();
        while (links.find()) {
            hrefs.add(links.group(1));
        }
        assertThat(hrefs).as("links on the index, newest first").containsExactly(
                "reports/20261203T124501-run-primary-blackhole-mid-transfer-aria2c/index.html",
                "reports/20261203T120000-run-blackhole-reference/index.html");
        for (String href : hrefs) {
            assertThat(index.resolveSibling(href)).as("the report %s links to", href).exists();
        }
        assertThat(dom).contains("some failed", "all held");
    }

    @Test
    void aClientThatReportsNoProgressGetsChartsThatSaySo(@TempDir Path profile) throws Exception {
        assertThat(colours(screenshot(profile, silentPage, "no-progress-screenshot.png", 2400, 10_000)))
                .isGreaterThan(10);
        String dom = run(command(chromium(), profile, silentPage, "--dump-dom"));
        assertThat(dom).contains("aria2c reports no verified bytes over time, so there is no throughput to show",
                "aria2c reports no per-chunk progress");
        Matcher throughput = Pattern.compile("<svg [^>]*data-chart=\"throughput\".*?</svg>", Pattern.DOTALL)
                .matcher(dom);
        assertThat(throughput.find()).as("a throughput chart in the DOM").isTrue();
        assertThat(throughput.group()).as("no line and no axis of zeros").doesNotContain("<polyline")
                .doesNotContain(">0</text>");
    }

    /** Screenshots {@code page} 1280 px wide; checks the PNG is real and returns it. */
    static BufferedImage screenshot(Path profile, Path page, String name, int height, long minBytes)
            throws Exception {
        String browser = chromium();
        assumeTrue(browser != null, "Chromium not found at /usr/bin/chromium or on PATH: apt-get install chromium");
        Path shot = OUT.resolve(name).toAbsolutePath();
        Files.deleteIfExists(shot);
        run(command(browser, profile, page, "--screenshot=" + shot, "--window-size=1280," + height,
                "--hide-scrollbars"));
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("size of %s", shot).isGreaterThan(minBytes);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        return image;
    }

    /** Distinct colours on a 7-pixel grid: a blank or error page has a handful. */
    static int colours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void theDomChromiumBuiltHoldsEveryChartWithItsSeries(@TempDir Path profile) throws Exception {
        String browser = chromium();
        assumeTrue(browser != null, "Chromium not found at /usr/bin/chromium or on PATH: apt-get install chromium");
        String dom = run(command(browser, profile, "--dump-dom"));
        Matcher charts = Pattern.compile("<svg [^>]*data-chart=\"([^\"]+)\"").matcher(dom);
        List<String> kinds = new ArrayList<>();
        while (charts.find()) {
            kinds.add(charts.group(1));
        }
        assertThat(kinds).contains("throughput", "timeline", "cdf", "recovery", "compare-p50");
        assertThat(dom).contains("data-series=\"all downloads\"", "data-series=\"reference / parallel\"",
                "data-fault=\"cf-blackhole\"", "class=\"switch\"", "<polyline");
        // Chromium parsed the SVG as SVG (closed elements, not text): no raw markup leaked into the page.
        assertThat(dom).doesNotContain("&lt;svg").doesNotContain("&lt;polyline");
    }
}
