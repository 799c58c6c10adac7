package io.outagedrill.fakes.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.fakes.network.ToxicSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each admin route, driven over HTTP, changes what a client then sees on the wire. */
@Timeout(60)
class FaultAdminApiTest {
    static final String FILE = "/video.mp4";
    static Topology world;
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        world = Topology.builder().seed(3).provider("fastly").provider("bunny").file("video.mp4", 64 * 1024)
                .manifestReplicas(2).start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void heal() {
        world.http("fastly").clear();
        world.dns().clearFaults().flush();
        world.manifests().clearFaults();
        world.tls("fastly").restore();
        world.status("fastly").resolve();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText();
        }
    }

    private static Answer admin(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                world.adminUri().resolve(path)).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = response.body().isEmpty() ? null : json.readTree(response.body());
        if (node != null && node.has("error")) {
            assertThat(node.path("status").asInt()).as("the error body's status").isEqualTo(response.statusCode());
        }
        return new Answer(response.statusCode(), node, response);
    }

    /** A fresh client and connection each time (a certificate switch bites new connections only). */
    private static HttpResponse<String> client(URI url) throws IOException, InterruptedException {
        // By address: the JDK client resolves through the system; each fake's certificate also names its address.
        InetAddress address = world.resolve().get(url.getHost());
        URI literal = URI.create(url.getScheme() + "://" + address.getHostAddress() + ":" + url.getPort() + url.getPath());
        HttpClient http = HttpClient.newBuilder().sslContext(world.certificateAuthority().clientSslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(literal).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> fastly() throws IOException, InterruptedException {
        return client(world.provider("fastly").url(FILE));
    }

    @Test
    void anHttpFaultIsAddedListedAndRemovedById() throws Exception {
        Answer added = admin("POST", "/providers/fastly/faults",
                "{\"rule\": {\"type\": \"status\", \"code\": 503, \"retryAfterSeconds\": 7}}");
        assertThat(added.status()).isEqualTo(201);
        long id = added.body().path("id").asLong();
        assertThat(added.raw().headers().firstValue("Location")).hasValue("/providers/fastly/faults/" + id);

        HttpResponse<String> broken = fastly();
        assertThat(broken.statusCode()).isEqualTo(503);
        assertThat(broken.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(client(world.provider("bunny").url(FILE)).statusCode()).as("other providers untouched").isEqualTo(200);

        Answer listed = admin("GET", "/providers/fastly/faults", null);
        assertThat(listed.body()).hasSize(1);
        assertThat(listed.body().get(0).path("rule").path("type").asText()).isEqualTo("status");
        assertThat(listed.body().get(0).path("applied").asLong()).isEqualTo(1);

        assertThat(admin("DELETE", "/providers/fastly/faults/" + id, null).status()).isEqualTo(204);
        assertThat(fastly().statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/providers/fastly/faults/" + id, null).error())
                .isEqualTo("provider fastly has no fault " + id + "; installed: []");
    }

    /**
     * Fields a scenario may leave out take the scenario's defaults over the API too: a stall without maxHoldMillis
     * read as 0 closed the connection at once (a cut-short), a redirect without code was refused as "saw 0".
     */
    @Test
    void aStallOrRedirectWithoutItsOptionalFieldTakesTheDocumentedDefault() throws Exception {
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"stall\", \"afterBytes\": "
                + "5000}}").status()).isEqualTo(201);
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"redirect\", \"location\": "
                + "\"https://elsewhere.test/video.mp4\"}, \"scope\": {\"path\": \"/elsewhere/**\"}}").status())
                .isEqualTo(201);

        var listed = admin("GET", "/providers/fastly/faults", null).body();
        assertThat(listed.get(0).path("rule").path("maxHoldMillis").asLong()).as("the stall's hold")
                .isEqualTo(60_000);
        assertThat(listed.get(1).path("rule").path("code").asInt()).as("the redirect's status").isEqualTo(302);
        assertThat(admin("DELETE", "/providers/fastly/faults", null).status()).isEqualTo(204);
    }

    @Test
    void aScopedFaultBitesOnlyWhereItsScopeSaysAndDeleteAllClearsEveryRule() throws Exception {
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 500}, "
                + "\"scope\": {\"path\": \"/elsewhere/**\"}}").status()).isEqualTo(201);
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"cut-short\", \"afterBytes\": 10}, "
                + "\"scope\": {\"times\": 1}}").status()).isEqualTo(201);
        assertThatThrownBy(FaultAdminApiTest::fastly).as("cut after 10 bytes, once").isInstanceOf(IOException.class);
        assertThat(fastly().statusCode()).as("the 500 is scoped to another path; the cut is used up").isEqualTo(200);

        assertThat(admin("DELETE", "/providers/fastly/faults", null).status()).isEqualTo(204);
        assertThat(admin("GET", "/providers/fastly/faults", null).body()).isEmpty();
    }

    @Test
    void badRequestsAreRefusedNamingTheField() throws Exception {
        Answer unknownType = admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"nope\"}}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.error()).startsWith("rule.type: expected one of [status, redirect,")
                .endsWith("saw \"nope\"");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 5000}}")
                .error()).isEqualTo("rule: code: expected a final HTTP status between 200 and 599, saw 5000");
        Answer noOffsets = admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"corrupt-bytes\"}}");
        assertThat(noOffsets.status()).isEqualTo(400);
        assertThat(noOffsets.error()).isEqualTo("rule: offsets: required, the file offsets to corrupt, e.g. [0, 4096]");
        assertThat(admin("POST", "/providers/fastly/faults",
                "{\"rule\": {\"type\": \"corrupt-bytes\", \"offsets\": []}}").error())
                .isEqualTo("rule: offsets: expected one or more file offsets of 0 or more, e.g. [0, 4096], saw []");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": \"five\"}}")
                .error()).startsWith("rule.code: expected an integer");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 503}, "
                + "\"scope\": {\"probability\": 2}}").error()).isEqualTo("scope: probability must be in [0, 1], was 2.0");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 502}, "
                + "\"scope\": {\"path\": \"cold.mp4\"}}").error()).as("a path no request has")
                .isEqualTo("scope: a request's path starts with /, so \"cold.mp4\" matches no request; write "
                        + "\"/cold.mp4\" (on an object store, under its bucket: \"/outage-drill/cold.mp4\")");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 502}, "
                + "\"scope\": {\"path\": \"https://fastly.test/video.mp4\"}}").error()).as("a whole URL")
                .contains("write \"/video.mp4\"");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"dribble\", "
                + "\"bytesPerInterval\": 1024}}").error()).as("a dribble without its pause")
                .isEqualTo("rule: intervalMillis must be positive (the pause between pieces), was 0");
        assertThat(admin("POST", "/faults", "{\"family\": \"toxic\", \"id\": \"slow\", \"target\": \"fastly\", "
                + "\"type\": \"bandwidth\", \"attributes\": {\"rat\": 100}}").error())
                .as("a misspelt toxic attribute, which the proxy would have taken as rate 0, a blackhole")
                .isEqualTo("body: attributes.rat: unknown attribute of a bandwidth toxic; known: [rate]");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"code\": 503, "
                + "\"retryAfter\": 5}}").error()).startsWith("rule.retryAfter: unknown field; known: [");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"status\", \"cod\": 503}}")
                .error()).as("a misspelt required field is named, not the value it left missing")
                .isEqualTo("rule.cod: unknown field; known: [code, retryAfterSeconds]");
        assertThat(admin("POST", "/faults", "{\"family\": \"http\", \"id\": \"d\", \"target\": \"fastly\", "
                + "\"rule\": {\"type\": \"dribble\", \"bytesPerIntervall\": 3}}").error())
                .as("the same inside a fault of the scenario vocabulary")
                .isEqualTo("rule.bytesPerIntervall: unknown field; known: [bytesPerInterval, intervalMillis]");
        assertThat(admin("POST", "/faults", "{\"family\": \"swap-content\", \"id\": \"s\", \"target\": \"fastly\", "
                + "\"fil\": \"other.bin\"}").error()).as("and at the fault's own level")
                .isEqualTo("fil: unknown field; known: [id, target, scope, file]");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": {\"type\": \"dribble\"}}").error())
                .as("with no unknown field, the constructor's own words")
                .isEqualTo("rule: bytesPerInterval must be positive, was 0");
        assertThat(admin("POST", "/providers/fastly/faults", "{}").error()).startsWith("rule: required");
        assertThat(admin("POST", "/providers/fastly/faults", "{\"rule\": ").error()).startsWith("body: expected a JSON object");
        assertThat(admin("POST", "/dns/fastly.test", "{\"fault\": {}}").error())
                .isEqualTo("fault.type: required, one of [nxdomain, servfail, empty-answer, slow, stale]");

        Answer noProvider = admin("GET", "/providers/akamai/faults", null);
        assertThat(noProvider.status()).isEqualTo(404);
        assertThat(noProvider.error()).isEqualTo("no provider akamai; the topology has [fastly, bunny]");
        assertThat(admin("PUT", "/providers/fastly/faults", "{}").status()).isEqualTo(405);
        assertThat(admin("GET", "/providers/fastly/tls", null).status()).isEqualTo(405);
        assertThat(admin("GET", "/nothing", null).status()).isEqualTo(404);
        assertThat(admin("GET", "/", null).body().path("routes")).isNotEmpty();
        assertThat(world.http("fastly").active()).as("nothing half-installed").isEmpty();
    }

    @Test
    void aDnsFaultIsSetWithItsTtlAndCleared() throws Exception {
        assertThat(admin("POST", "/dns/fastly.test", "{\"fault\": {\"type\": \"nxdomain\"}}").status()).isEqualTo(200);
        assertThat(admin("GET", "/dns/fastly.test", null).body().path("fault").path("type").asText()).isEqualTo("nxdomain");
        assertThatThrownBy(() -> world.dns().lookup("fastly.test")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("NXDOMAIN");
        assertThat(admin("DELETE", "/dns/fastly.test", null).status()).isEqualTo(204);
        assertThat(world.dns().lookup("fastly.test")).containsExactly(world.provider("fastly").address().getAddress());

        admin("POST", "/dns/fastly.test", "{\"fault\": {\"type\": \"stale\"}, \"ttlSeconds\": 3600}");
        InetAddress stale = world.dns().lookup("fastly.test").getFirst();
        assertThat(stale.getHostAddress()).isEqualTo("127.255.255.254");
        var port = world.provider("fastly").address().getPort();
        assertThatThrownBy(() -> new java.net.Socket(stale, port).close()).isInstanceOf(ConnectException.class);
        admin("DELETE", "/dns/fastly.test", null);
        assertThat(world.dns().lookup("fastly.test")).as("cached for its TTL after the clear").containsExactly(stale);
        world.dns().ttl("fastly.test", Duration.ZERO);

        assertThat(admin("POST", "/dns/nowhere.test", "{\"fault\": {\"type\": \"nxdomain\"}}").error())
                .startsWith("no name nowhere.test; the topology serves");
        assertThat(admin("POST", "/dns/fastly.test", "{\"fault\": {\"type\": \"servfail\"}, \"ttlSeconds\": -1}").error())
                .isEqualTo("ttlSeconds: expected 0 to 2147483647 (a DNS TTL), saw -1");
        // Beyond a DNS TTL's range the name server built no answer for the name any more (dnsjava refused it).
        assertThat(admin("POST", "/dns/fastly.test", "{\"fault\": {\"type\": \"stale\"}, \"ttlSeconds\": "
                + "3000000000}").error()).isEqualTo("ttlSeconds: expected 0 to 2147483647 (a DNS TTL), saw 3000000000");
    }

    @Test
    void aManifestReplicaFaultChangesWhatTheReplicaServes() throws Exception {
        URI first = URI.create(world.manifestUrls("video.mp4").getFirst());
        assertThat(client(first).statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/manifests/manifests-a.test", "{\"fault\": {\"type\": \"unavailable\"}}").status())
                .isEqualTo(200);
        assertThat(client(first).statusCode()).isEqualTo(503);
        assertThat(client(URI.create(world.manifestUrls("video.mp4").get(1))).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/manifests/manifests-a.test", null).body().path("fault").path("type").asText())
                .isEqualTo("unavailable");
        assertThat(admin("DELETE", "/manifests/manifests-a.test", null).status()).isEqualTo(204);
        assertThat(client(first).statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/manifests/manifests-z.test", "{\"fault\": {\"type\": \"rollback\"}}").status())
                .isEqualTo(404);
    }

    @Test
    void aReplicaFaultWithoutItsRequiredFieldSaysWhatTheFieldTakes() throws Exception {
        Answer unsigned = admin("POST", "/manifests/manifests-a.test", "{\"fault\": {\"type\": \"unsigned\"}}");
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.error()).isEqualTo("fault: form: required, one of [ALG_NONE, PLAIN_JSON]");
        assertThat(admin("POST", "/manifests/manifests-a.test", "{\"fault\": {\"type\": \"other-file\"}}").error())
                .isEqualTo("fault: file: required, the name of another published file");
        assertThat(admin("POST", "/manifests/manifests-a.test", "{\"fault\": {\"type\": \"exact\"}}").error())
                .isEqualTo("fault: body: required, the exact text to serve");
        assertThat(admin("POST", "/manifests/manifests-a.test", "{\"fault\": {\"type\": \"wrong-file-mirror\"}}")
                .error()).startsWith("fault: mirror: required, the mirror to name, e.g. {\"provider\": ");
        assertThat(admin("GET", "/manifests/manifests-a.test", null).body().path("fault").isNull())
                .as("no fault set by a refused request").isTrue();
    }

    @Test
    void aCertificateSwitchFailsNewHandshakesUntilTheValidOneIsBack() throws Exception {
        Answer switched = admin("POST", "/providers/fastly/tls", "{\"certificate\": \"WRONG_HOST\"}");
        assertThat(switched.status()).isEqualTo(200);
        assertThat(switched.body().path("certificate").asText()).isEqualTo("WRONG_HOST");
        assertThatThrownBy(FaultAdminApiTest::fastly).hasCauseInstanceOf(SSLHandshakeException.class)
                .isInstanceOf(IOException.class);
        admin("POST", "/providers/fastly/tls", "{\"certificate\": \"valid\"}");
        assertThat(fastly().statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/providers/fastly/tls", "{\"certificate\": \"bogus\"}").error())
                .isEqualTo("certificate: expected one of [VALID, WRONG_HOST, EXPIRED, SELF_SIGNED], saw \"bogus\"");
    }

    /** The status server finds a page by Host, or by a path prefix for clients (like this one) that dial an address. */
    private static URI statusByPath() {
        URI url = world.statusUrl("fastly");
        return URI.create("http://" + url.getHost() + ":" + url.getPort() + "/" + url.getHost() + url.getPath());
    }

    @Test
    void aStatusPageSaysWhatItIsTold() throws Exception {
        Answer told = admin("POST", "/providers/fastly/status", "{\"impact\": \"major\", \"incident\": \"Elevated errors\"}");
        assertThat(told.body().path("indicator").asText()).isEqualTo("major");
        JsonNode page = json.readTree(client(statusByPath()).body());
        assertThat(page.path("status").path("indicator").asText()).isEqualTo("major");

        admin("POST", "/providers/fastly/status", "{\"impact\": \"none\"}");
        page = json.readTree(client(statusByPath()).body());
        assertThat(page.path("status").path("indicator").asText()).isEqualTo("none");
    }

    @Test
    void aFaultOfTheScenarioVocabularyIsAppliedAndClearedByItsId() throws Exception {
        Answer added = admin("POST", "/faults", """
                {"family": "http", "id": "five", "target": "fastly", "rule": {"type": "status", "code": 503}}""");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.raw().headers().firstValue("Location")).hasValue("/faults/five");
        assertThat(fastly().statusCode()).isEqualTo(503);
        assertThat(admin("GET", "/faults", null).body().path("active").toString()).isEqualTo("[\"five\"]");
        Answer again = admin("POST", "/faults", """
                {"family": "http", "id": "five", "target": "fastly", "rule": {"type": "status", "code": 500}}""");
        assertThat(again.status()).as("a second fault under an applied id: %s", again.error()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("fault five is already applied; DELETE /faults/five first, "
                + "or give the new one another id");
        assertThat(world.http("fastly").active()).as("no second rule stacked behind the first").hasSize(1);

        assertThat(admin("DELETE", "/faults/five", null).status()).isEqualTo(204);
        assertThat(fastly().statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/faults/five", null).error()).isEqualTo("no fault five; applied: []");
    }

    @Test
    void aToxicTheFaultProxyRefusesComesBackWithTheProxysStatusNotA500() throws Exception {
        Answer unknownType = admin("POST", "/faults", """
                {"family": "toxic", "id": "bad", "target": "fastly", "type": "no_such_toxic"}""");
        assertThat(unknownType.status()).as("an unknown toxic type is a bad request: %s", unknownType.error())
                .isEqualTo(400);
        assertThat(unknownType.error()).contains("no_such_toxic", "fastly", "invalid toxic type");

        String slow = """
                {"family": "toxic", "id": "slow", "target": "fastly", "type": "latency", "attributes": {"latency": 1}}""";
        assertThat(admin("POST", "/faults", slow).status()).isEqualTo(201);
        Answer again = admin("POST", "/faults", slow);
        assertThat(again.status()).as("fault slow is already applied: %s", again.error()).isEqualTo(409);
        assertThat(again.error()).startsWith("fault slow is already applied");
        world.network().addToxic("fastly", new ToxicSpec("late-fastly", "latency", ToxicSpec.Stream.DOWNSTREAM, 1.0,
                Map.of("latency", 1)));
        Answer taken = admin("POST", "/faults", slow.replace("\"slow\"", "\"late\""));
        assertThat(taken.status()).as("a new id whose toxic name the proxy already has: %s", taken.error())
                .isEqualTo(409);
        assertThat(taken.error()).contains("toxic already exists");
        assertThat(world.network().removeToxic("fastly", "late-fastly")).as("the toxic put there by hand").isTrue();
        assertThat(admin("GET", "/faults", null).body().path("active").toString())
                .as("the refused faults are not recorded; the first slow still is").isEqualTo("[\"slow\"]");
        assertThat(admin("DELETE", "/faults/slow", null).status()).isEqualTo(204);
        assertThat(world.network().link("fastly").toxics()).as("fastly's toxics after the clear").isEmpty();
    }

    @Test
    void aFaultOfAnUnknownFamilyOrTargetIsRefusedNamingWhatExists() throws Exception {
        Answer family = admin("POST", "/faults", "{\"family\": \"nope\", \"id\": \"x\", \"target\": \"fastly\"}");
        assertThat(family.status()).isEqualTo(400);
        assertThat(family.error()).startsWith("family: expected one of [toxic, proxy-down, http,").endsWith("saw \"nope\"");
        Answer target = admin("POST", "/faults", "{\"family\": \"cache-flush\", \"id\": \"x\", \"target\": \"akamai\"}");
        assertThat(target.status()).isEqualTo(404);
        assertThat(target.error()).isEqualTo("no provider or group akamai; known: [bunny, fastly]");
        Answer notAnEdge = admin("POST", "/faults", "{\"family\": \"cache-flush\", \"id\": \"x\", \"target\": \"fastly\"}");
        assertThat(notAnEdge.status()).as(notAnEdge.error()).isEqualTo(409);
    }
}
