package io.outagedrill.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.reports.Reports;
import io.outagedrill.reports.SampleRuns;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the generated page in headless Chromium, as a reader would: the screenshot must be a real picture and the
 * DOM Chromium built must hold every chart with its drawing. Skipped, saying how to install it, without Chromium.
 */
class ChromiumRenderTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "chromium-report");
    static Path page;

    @BeforeAll
    static void writeReport() throws IOException {
        page = Reports.write(SampleRuns.twoPolicies(), OUT).toAbsolutePath();
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
        String browser = chromium();
        assumeTrue(browser != null, "Chromium not found at /usr/bin/chromium or on PATH: apt-get install chromium");
        Path shot = OUT.resolve("report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        run(command(browser, profile, "--screenshot=" + shot, "--window-size=1280,2000", "--hide-scrollbars"));
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        // Text, tables, the score badge and coloured chart lines: far more than a blank or error page.
        assertThat(colours.size()).isGreaterThan(50);
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
