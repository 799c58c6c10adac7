package io.outagedrill.fakes.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.testing.MutableClock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class StatusPageTest {
    static final MutableClock clock = new MutableClock(Instant.parse("2025-11-18T11:20:00Z"));
    static final LoopbackDns dns = new LoopbackDns();
    static final ObjectMapper JSON = new ObjectMapper();
    static final OkHttpClient http = new OkHttpClient.Builder().dns(dns::lookup)
            .callTimeout(Duration.ofSeconds(10)).build();
    static StatusPage cloudflare;
    static StatusPage fastly;
    static StatusPageServer server;

    @BeforeAll
    static void start() {
        cloudflare = new StatusPage("status.cloudflare.test", "Cloudflare", clock);
        fastly = new StatusPage("status.fastly.test", "Fastly", clock);
        server = StatusPageServer.builder().page(cloudflare).page(fastly).dns(dns).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        http.dispatcher().executorService().shutdown();
    }

    @BeforeEach
    void allGood() {
        cloudflare.operational().answerAfter(Duration.ZERO);
        fastly.operational().answerAfter(Duration.ZERO);
    }

    private static JsonNode get(URI url) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            return JSON.readTree(response.body().string());
        }
    }

    private static JsonNode status(StatusPage page) throws IOException {
        return get(server.url(page, "status.json"));
    }

    private static JsonNode unresolved(StatusPage page) throws IOException {
        return get(server.url(page, "incidents/unresolved.json"));
    }

    /**
     * A page made slow answers that late with what it said, and the other page answers meanwhile: a slow page holds
     * no one else up.
     */
    @Test
    void aSlowPageAnswersLateWhileTheOtherAnswersMeanwhile() throws Exception {
        cloudflare.majorOutage("Elevated errors").answerAfter(Duration.ofSeconds(2));

        long started = System.nanoTime();
        CompletableFuture<JsonNode> late = CompletableFuture.supplyAsync(() -> {
            try {
                return status(cloudflare);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(status(fastly).at("/status/indicator").asText()).isEqualTo("none");
        assertThat(late).as("cloudflare's page, once fastly's has answered").isNotDone();

        assertThat(late.get(10, TimeUnit.SECONDS).at("/status/indicator").asText())
                .isEqualTo("major");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cloudflare's page, made 2 s slow")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void statusJsonHasStatuspagesShape() throws IOException {
        JsonNode doc = status(cloudflare);

        assertThat(doc.fieldNames()).toIterable().containsExactly("page", "status");
        JsonNode page = doc.get("page");
        assertThat(page.get("id").asText()).matches("[0-9a-f]{12}");
        assertThat(page.get("name").asText()).isEqualTo("Cloudflare");
        assertThat(page.get("url").asText()).isEqualTo("http://status.cloudflare.test");
        assertThat(page.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(doc.get("status").get("indicator").asText()).isEqualTo("none");
        assertThat(doc.get("status").get("description").asText()).isEqualTo("All Systems Operational");
        assertThat(unresolved(cloudflare).get("incidents")).isEmpty();
    }

    @Test
    void degradedOpensAMinorIncidentThatIsInvestigating() throws IOException {
        clock.advance(Duration.ofMinutes(8));
        Instant opened = clock.instant();
        cloudflare.degraded("Elevated 5xx errors");

        JsonNode doc = status(cloudflare);
        assertThat(doc.get("status").get("indicator").asText()).isEqualTo("minor");
        assertThat(doc.get("page").get("updated_at").asText()).isEqualTo(opened.toString().replace("Z", ".000Z"));

        JsonNode incidents = unresolved(cloudflare);
        assertThat(incidents.fieldNames()).toIterable().containsExactly("page", "incidents");
        JsonNode incident = incidents.get("incidents").get(0);
        assertThat(incident.get("name").asText()).isEqualTo("Elevated 5xx errors");
        assertThat(incident.get("status").asText()).isEqualTo("investigating");
        assertThat(incident.get("impact").asText()).isEqualTo("minor");
        assertThat(incident.get("created_at").asText()).isEqualTo(incident.get("updated_at").asText());
        assertThat(incident.get("shortlink").asText()).endsWith("/incidents/" + incident.get("id").asText());
        assertThat(incident.get("page_id").asText()).isEqualTo(incidents.get("page").get("id").asText());
        JsonNode update = incident.get("incident_updates").get(0);
        assertThat(update.get("status").asText()).isEqualTo("investigating");
        assertThat(update.get("incident_id").asText()).isEqualTo(incident.get("id").asText());
        assertThat(update.get("body").asText()).contains("Elevated 5xx errors");
    }

    @Test
    void escalatingTheSameIncidentRaisesItsImpactInsteadOfOpeningAnother() throws IOException {
        cloudflare.degraded("Elevated 5xx errors");
        clock.advance(Duration.ofMinutes(5));
        cloudflare.majorOutage("Elevated 5xx errors");

        assertThat(status(cloudflare).get("status").get("indicator").asText()).isEqualTo("major");
        assertThat(status(cloudflare).get("status").get("description").asText()).isEqualTo("Partial System Outage");
        JsonNode incidents = unresolved(cloudflare).get("incidents");
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).get("impact").asText()).isEqualTo("major");
        assertThat(incidents.get(0).get("incident_updates")).hasSize(2);
        assertThat(incidents.get(0).get("incident_updates").get(0).get("body").asText()).contains("major");
    }

    @Test
    void theIndicatorIsTheWorstOpenIncident() throws IOException {
        cloudflare.majorOutage("Dashboard unavailable");
        cloudflare.degraded("Slow purges");
        cloudflare.incident("Global 5xx", Impact.CRITICAL);

        JsonNode status = status(cloudflare).get("status");
        assertThat(status.get("indicator").asText()).isEqualTo("critical");
        assertThat(status.get("description").asText()).isEqualTo("Major System Outage");
        assertThat(unresolved(cloudflare).get("incidents")).extracting(i -> i.get("name").asText())
                .containsExactly("Global 5xx", "Slow purges", "Dashboard unavailable");
    }

    @Test
    void updatesMoveAnIncidentThroughIdentifiedAndMonitoring() throws IOException {
        cloudflare.majorOutage("Bot management file");
        clock.advance(Duration.ofMinutes(30));
        cloudflare.update("Bot management file", IncidentStatus.IDENTIFIED, "A bad feature file was found.");
        clock.advance(Duration.ofMinutes(30));
        cloudflare.update("Bot management file", IncidentStatus.MONITORING, "A fix has been deployed.");

        JsonNode incident = unresolved(cloudflare).get("incidents").get(0);
        assertThat(incident.get("status").asText()).isEqualTo("monitoring");
        assertThat(incident.get("monitoring_at").isNull()).isFalse();
        assertThat(incident.get("resolved_at").isNull()).isTrue();
        assertThat(incident.get("incident_updates")).extracting(u -> u.get("status").asText())
                .containsExactly("monitoring", "identified", "investigating");
    }

    @Test
    void resolveClearsTheIndicatorAndTheUnresolvedListButKeepsHistory() throws IOException {
        cloudflare.majorOutage("Elevated 5xx errors");
        clock.advance(Duration.ofHours(1));
        cloudflare.resolve();

        assertThat(status(cloudflare).get("status").get("indicator").asText()).isEqualTo("none");
        assertThat(unresolved(cloudflare).get("incidents")).isEmpty();
        JsonNode all = get(server.url(cloudflare, "incidents.json")).get("incidents");
        JsonNode resolved = all.get(0);
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolved_at").asText()).isEqualTo(resolved.get("updated_at").asText());
    }

    @Test
    void pagesAreToldApartByHostNameOrByPathPrefix() throws IOException {
        fastly.majorOutage("Global 503");

        assertThat(status(fastly).get("page").get("name").asText()).isEqualTo("Fastly");
        assertThat(status(fastly).get("status").get("indicator").asText()).isEqualTo("major");
        assertThat(status(cloudflare).get("status").get("indicator").asText()).isEqualTo("none");

        URI byPath = server.pathUrl(fastly, "status.json");
        assertThat(byPath.getHost()).isEqualTo(server.address().getAddress().getHostAddress());
        assertThat(get(byPath).get("page").get("name").asText()).isEqualTo("Fastly");
    }

    @Test
    void unknownPagesAndDocumentsAre404AndWritesAre405() throws IOException {
        URI unknown = URI.create("http://" + server.address().getAddress().getHostAddress() + ":"
                + server.address().getPort() + "/status.nobody.test/api/v2/status.json");
        try (Response response = http.newCall(new Request.Builder().url(unknown.toString()).build()).execute()) {
            assertThat(response.code()).isEqualTo(404);
        }
        try (Response response = http.newCall(new Request.Builder()
                .url(server.url(cloudflare, "components.json").toString()).build()).execute()) {
            assertThat(response.code()).isEqualTo(404);
        }
        try (Response response = http.newCall(new Request.Builder().url(server.url(cloudflare, "status.json").toString())
                .post(okhttp3.RequestBody.create(new byte[0])).build()).execute()) {
            assertThat(response.code()).isEqualTo(405);
        }
    }

    @Test
    void theDocumentsParseBackIntoTheRecords() throws IOException {
        cloudflare.degraded("Elevated 5xx errors");
        ObjectMapper snake = new ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        try (Response response = http.newCall(new Request.Builder()
                .url(server.url(cloudflare, "incidents/unresolved.json").toString()).build()).execute()) {
            StatusDocuments.IncidentsDocument doc =
                    snake.readValue(response.body().string(), StatusDocuments.IncidentsDocument.class);
            assertThat(doc).isEqualTo(cloudflare.unresolvedDocument());
        }
    }
}
