package io.outagedrill.harness.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint {@code drill run --metrics-port} serves, scraped over HTTP and read by a Prometheus text-format
 * parser this project did not write (the npm library parse-prometheus-text-format, run by Node.js).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunMetricsScrapeTest {
    private static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void theClientsCountersReachAPrometheusParserWithTheirLabels() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/parse-prometheus-text-format")),
                "the Prometheus parser is not installed: npm ci --prefix harness/src/test/node (.ci/run does)");
        try (RunMetrics metrics = new RunMetrics()) {
            Instant t = Instant.EPOCH;
            metrics.listener().on(new DownloadEvent.AttemptStarted(t, "cloudflare.test", 0, 0, 1024, 1));
            metrics.listener().on(new DownloadEvent.AttemptStarted(t, "cloudflare.test", 1, 1024, 1024, 1));
            metrics.listener().on(new DownloadEvent.AttemptStarted(t, "fastly.test", 1, 1024, 1024, 2));
            metrics.listener().on(new DownloadEvent.ChunkVerified(t, "fastly.test", 1, 1024));
            metrics.listener().on(new DownloadEvent.ChunkRejected(t, "cloudflare.test", 1, FailureKind.CORRUPT,
                    "hash mismatch", 1024));
            metrics.listener().on(new DownloadEvent.FirstByte(t, "fastly.test", 1, Duration.ofMillis(250)));
            int port = metrics.serve(0);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            JsonNode families = parse(scrape.body());
            Map<String, JsonNode> byName = new HashMap<>();
            families.forEach(f -> byName.put(f.get("name").asText(), f));
            assertThat(byName.get("outagedrill_client_requests_total").get("type").asText()).isEqualTo("COUNTER");
            assertThat(value(byName.get("outagedrill_client_requests_total"), "mirror", "cloudflare.test"))
                    .isEqualTo(2.0);
            assertThat(value(byName.get("outagedrill_client_requests_total"), "mirror", "fastly.test")).isEqualTo(1.0);
            assertThat(value(byName.get("outagedrill_client_verified_bytes_total"), "mirror", "fastly.test"))
                    .isEqualTo(1024.0);
            assertThat(value(byName.get("outagedrill_client_chunks_rejected_total"), "mirror", "cloudflare.test"))
                    .isEqualTo(1.0);
            assertThat(byName.get("outagedrill_client_time_to_first_byte_seconds").get("type").asText())
                    .isEqualTo("SUMMARY");
            assertThat(metrics.snapshot()).containsEntry(
                    "outagedrill.client.requests{mirror=cloudflare.test}#count", 2.0);
        }
    }

    private static double value(JsonNode family, String label, String labelValue) {
        for (JsonNode metric : family.get("metrics")) {
            if (labelValue.equals(metric.path("labels").path(label).asText())) {
                return Double.parseDouble(metric.get("value").asText());
            }
        }
        throw new AssertionError("no %s{%s=%s} in %s".formatted(family.get("name"), label, labelValue, family));
    }

    private static JsonNode parse(String exposition) throws IOException, InterruptedException {
        Process node;
        try {
            node = new ProcessBuilder("node", "parse-prometheus.js").directory(NODE_DIR.toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("Node.js is not installed: apt-get install nodejs (.ci/run does)");
            throw e;
        }
        node.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        byte[] json = node.getInputStream().readAllBytes();
        String errors = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("the parser finished").isTrue();
        assertThat(node.exitValue()).as("the parser accepted the exposition: %s%n%s", errors, exposition).isZero();
        return new ObjectMapper().readTree(json);
    }
}
