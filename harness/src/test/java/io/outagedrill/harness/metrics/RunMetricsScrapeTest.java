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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
            metrics.begin("demo");
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
                    .isEqualTo("HISTOGRAM");
            assertThat(metrics.snapshot()).containsEntry(
                    "outagedrill.client.requests{mirror=cloudflare.test}#count", 2.0);
        }
    }

    @Test
    void aScenarioKeepsItsFinalCountsUnderItsLabelWhileTheNextCountsFromZero() throws Exception {
        NodeScripts.requirePackage("parse-prometheus-text-format");
        try (RunMetrics metrics = new RunMetrics()) {
            Instant t = Instant.EPOCH;
            metrics.begin("expired-manifest");
            metrics.listener().on(new DownloadEvent.CircuitChanged(t, "cloudflare.test", "open", "3 failures"));
            metrics.listener().on(new DownloadEvent.Failed(t, "video.mp4", "no usable manifest", List.of()));
            metrics.begin("demo");
            int port = metrics.serve(0);

            String body = scrape(port);

            Map<String, JsonNode> byName = new HashMap<>();
            parse(body).forEach(f -> byName.put(f.get("name").asText(), f));
            assertThat(byName).as("families in a scrape after the next scenario began:%n%s", body)
                    .containsKey("outagedrill_client_downloads_total");
            JsonNode downloads = byName.get("outagedrill_client_downloads_total");
            assertThat(value(downloads, "scenario", "expired-manifest", "outcome", "failed"))
                    .as("the ended scenario's failed downloads, still there for a scrape that comes after it ended, "
                            + "in:%n%s", body).isEqualTo(1);
            assertThat(value(downloads, "scenario", "demo", "outcome", "failed"))
                    .as("the next scenario's, from zero and present for increase() to see the first").isZero();
            assertThat(body).as("the ended scenario's circuit gauges: its world is gone")
                    .doesNotContain("outagedrill_client_circuit_state{mirror=\"cloudflare.test\"");
            assertThat(metrics.snapshot()).as("the run record of the scenario begun last")
                    .containsEntry("outagedrill.client.downloads{outcome=failed}#count", 0.0);
        }
    }

    @Test
    void aRunStaysOpenForTheNextScrapeOfWhateverScrapesItOnASchedule() throws Exception {
        try (RunMetrics metrics = new RunMetrics()) {
            metrics.begin("demo");
            int port = metrics.serve(0);
            assertThat(metrics.lastScrapeWithin(Duration.ofMinutes(2))).as("no wait before anything scraped").isEmpty();
            scrape(port);
            assertThat(metrics.lastScrapeWithin(Duration.ofMinutes(2)))
                    .as("no wait after one scrape: no interval to go by").isEmpty();
            scrape(port);
            // A scrape is counted once its answer is sent, a moment after the scraper has read it.
            Optional<Duration> wait = await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.lastScrapeWithin(Duration.ofMinutes(2)), Optional::isPresent);
            assertThat(wait.get()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));

            CompletableFuture<Boolean> scraped = CompletableFuture.supplyAsync(() -> {
                try {
                    return metrics.awaitScrape(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                scrape(port);
                assertThat(scraped).as("the wait ends with a scrape made after it began").isCompletedWithValue(true);
            });
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void completionTimesHaveBucketsAnSloOnTheShareWithinThirtySecondsCanRead() throws Exception {
        NodeScripts.requirePackage("parse-prometheus-text-format");
        try (RunMetrics metrics = new RunMetrics()) {
            metrics.begin("demo");
            Instant t = Instant.EPOCH;
            for (int seconds : new int[] {3, 12, 45}) {
                metrics.listener().on(new DownloadEvent.Completed(t, "video.mp4", work.resolve("video.mp4"), 1024,
                        "00", Duration.ofSeconds(seconds), 1024, 0, 0));
            }
            int port = metrics.serve(0);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            Map<String, JsonNode> byName = new HashMap<>();
            parse(scrape.body()).forEach(f -> byName.put(f.get("name").asText(), f));
            JsonNode duration = byName.get("outagedrill_client_download_duration_seconds");
            assertThat(duration).as("the completion-time family in:%n%s", scrape.body()).isNotNull();
            assertThat(duration.get("type").asText()).as("its type").isEqualTo("HISTOGRAM");
            JsonNode buckets = duration.get("metrics").get(0).get("buckets");
            assertThat(bucket(buckets, 10)).as("downloads within 10 s, in:%n%s", scrape.body()).isEqualTo(1);
            assertThat(bucket(buckets, 30)).as("downloads within 30 s, in:%n%s", scrape.body()).isEqualTo(2);
            assertThat(Double.parseDouble(buckets.get("+Inf").asText())).as("every download").isEqualTo(3);
        }
    }

    /** The count of the bucket whose upper bound is {@code seconds}, however the exposition wrote the bound. */
    private static double bucket(JsonNode buckets, double seconds) {
        for (var bound = buckets.fieldNames(); bound.hasNext(); ) {
            String le = bound.next();
            if (!le.equals("+Inf") && Double.parseDouble(le) == seconds) {
                return Double.parseDouble(buckets.get(le).asText());
            }
        }
        throw new AssertionError("no bucket le=%s among %s".formatted(seconds, buckets));
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
