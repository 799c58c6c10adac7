package io.outagedrill.harness.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.FailureKind;
import io.outagedrill.harness.thirdparty.NodeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    @TempDir
    Path work;

    @Test
    void theClientsCountersReachAPrometheusParserWithTheirLabels() throws Exception {
        NodeScripts.requirePackage("parse-prometheus-text-format");
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
            assertThat(value(byName.get("outagedrill_client_chunks_rejected_total"), "mirror", "cloudflare.test",
                    "reason", "corrupt"))
                    .isEqualTo(1.0);
            assertThat(byName.get("outagedrill_client_time_to_first_byte_seconds").get("type").asText())
                    .isEqualTo("SUMMARY");
            assertThat(metrics.snapshot()).containsEntry(
                    "outagedrill.client.requests{mirror=cloudflare.test}#count", 2.0);
        }
    }

    @Test
    void eachScenarioStartsWithBothDownloadOutcomesAtZero() throws Exception {
        NodeScripts.requirePackage("parse-prometheus-text-format");
        try (RunMetrics metrics = new RunMetrics()) {
            Instant t = Instant.EPOCH;
            metrics.listener().on(new DownloadEvent.Failed(t, "video.mp4", "every mirror failed", java.util.List.of()));
            metrics.reset();
            int port = metrics.serve(0);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            Map<String, JsonNode> byName = new HashMap<>();
            parse(scrape.body()).forEach(f -> byName.put(f.get("name").asText(), f));
            assertThat(byName).as("families in the scrape of the next scenario, before its first download ended:%n%s",
                    scrape.body()).containsKey("outagedrill_client_downloads_total");
            assertThat(value(byName.get("outagedrill_client_downloads_total"), "outcome", "failed"))
                    .as("failed downloads, from zero again, present for increase() to see the first").isZero();
            assertThat(value(byName.get("outagedrill_client_downloads_total"), "outcome", "completed")).isZero();
        }
    }

    /** The value of the series of {@code family} whose labels include every name and value of {@code labels}. */
    private static double value(JsonNode family, String... labels) {
        for (JsonNode metric : family.get("metrics")) {
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labels[i + 1].equals(metric.path("labels").path(labels[i]).asText());
            }
            if (matches) {
                return Double.parseDouble(metric.get("value").asText());
            }
        }
        throw new AssertionError("no %s{%s} in %s".formatted(family.get("name"), String.join(",", labels), family));
    }

    private JsonNode parse(String exposition) throws IOException, InterruptedException {
        return NodeScripts.run(work, exposition, "parse-prometheus.js");
    }
}
