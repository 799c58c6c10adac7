package io.outagedrill.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

    /**
     * Two scrapers at once (the Prometheus servers of a pair): the scrape begun first, answered last, was taken for
     * the newest, so the interval between the last two came out negative and {@code drill run} waited "at most" a
     * negative time for the final figures' scrape, that is not at all.
     */
    @Test
    void aScrapeAnsweredAfterANewerOneLeavesTheIntervalBetweenThemPositive() throws Exception {
        CountDownLatch firstReading = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.serve(0, () -> {
            if (reads.incrementAndGet() == 1) {
                firstReading.countDown();
                awaitQuietly(releaseFirst);
            }
            return "# no figures\n";
        })) {
            CompletableFuture<String> older = CompletableFuture.supplyAsync(() -> scrape(endpoint));
            assertThat(firstReading.await(10, TimeUnit.SECONDS)).as("the first scrape is reading").isTrue();
            scrape(endpoint); // begun after the first, answered before it
            releaseFirst.countDown();
            older.get(10, TimeUnit.SECONDS);

            // A scrape is counted once its answer is sent, a moment after the scraper has read it.
            Optional<Duration> wait = await().atMost(Duration.ofSeconds(10))
                    .until(() -> endpoint.nextScrapeWithin(Duration.ofMinutes(2)), Optional::isPresent);
            assertThat(wait.get()).as("twice the time between the two scrapes' starts").isPositive()
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    /**
     * The JDK server's context matches by prefix, so /metricsX and /metrics/anything answered 200 with the figures:
     * a mistyped scrape URL looked right, and its requests counted as scrapes.
     */
    @Test
    void onlyTheMetricsPathAnswersAndOtherPathsAreNotScrapes() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.serve(0, () -> "# no figures\n")) {
            String base = "http://127.0.0.1:" + endpoint.port();
            for (String path : new String[] {"/metricsX", "/metrics/", "/metrics/foo", "/metrics-old", "/"}) {
                assertThat(status(base + path)).as("status of %s (only /metrics is served)", path).isEqualTo(404);
            }
            assertThat(endpoint.nextScrapeWithin(Duration.ofMinutes(2)))
                    .as("requests for other paths counted as scrapes").isEmpty();
            assertThat(status(base + "/metrics")).as("status of /metrics").isEqualTo(200);
            assertThat(status(base + "/metrics?name=x")).as("status of /metrics with a query").isEqualTo(200);
        }
    }

    @Test
    void aMethodOtherThanGetIsRefusedAndNotAScrape() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.serve(0, () -> "# no figures\n");
             HttpClient client = HttpClient.newHttpClient()) {
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                        .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).as("status of %s /metrics", method).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as("Allow of %s /metrics", method)
                        .contains("GET, HEAD");
            }
            assertThat(endpoint.nextScrapeWithin(Duration.ofMinutes(2)))
                    .as("requests with other methods counted as scrapes").isEmpty();
        }
    }

    private static int status(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static String scrape(MetricsEndpoint endpoint) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
