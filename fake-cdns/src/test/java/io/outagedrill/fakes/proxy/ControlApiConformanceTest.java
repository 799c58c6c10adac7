package io.outagedrill.fakes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control API, checked through the official Java client and through raw HTTP. Runs against a real
 * Toxiproxy with {@code -Dtoxiproxy.url=...}, else against the embedded server; assertions are the behaviour
 * both share.
 */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
@org.junit.jupiter.api.parallel.ResourceLock(ToxiproxyTarget.PORTS_BELOW_THE_EPHEMERAL_RANGE)
class ControlApiConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ToxiproxyTarget target;
    private static UpstreamServer upstream;
    private ToxiproxyClient client;

    @BeforeAll
    static void startServers() throws IOException {
        target = ToxiproxyTarget.start();
        upstream = UpstreamServer.echo();
    }

    @AfterAll
    static void stopServers() throws IOException {
        upstream.close();
        target.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void newClient() {
        client = target.client();
    }

    @AfterEach
    void cleanUp() throws IOException {
        target.deleteOwnProxies();
    }

    // ---- through the Java client ----

    @Test
    void clientCreatesProxyOnRealPortAndListsIt() throws IOException {
        String name = ToxiproxyTarget.uniqueName("create");
        Proxy proxy = client.createProxy(name, "127.0.0.1:0", upstream.address());

        assertThat(proxy.getName()).isEqualTo(name);
        assertThat(proxy.getUpstream()).isEqualTo(upstream.address());
        assertThat(proxy.isEnabled()).isTrue();
        assertThat(proxy.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        assertThat(client.getProxies()).extracting(Proxy::getName).contains(name);
        assertThat(client.getProxy(name).getListen()).isEqualTo(proxy.getListen());
        assertThat(client.getProxyOrNull(name + "-missing")).isNull();
    }

    @Test
    void clientSeesErrorMessagesForDuplicatesAndMissingProxies() throws IOException {
        Proxy proxy = target.createProxy("dup", upstream.address());

        assertThatThrownBy(() -> client.createProxy(proxy.getName(), "127.0.0.1:0", upstream.address()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
        assertThatThrownBy(() -> client.getProxy(proxy.getName() + "-missing"))
                .isInstanceOf(IOException.class).hasMessage("[404] proxy not found");
        assertThatThrownBy(() -> proxy.toxics().get("nothing"))
                .isInstanceOf(IOException.class).hasMessage("[404] toxic not found");
    }

    @Test
    void clientCreatesEveryBuiltInToxicAndReadsItBack() throws IOException {
        Proxy proxy = target.createProxy("toxics", upstream.address());

        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 120).setJitter(7);
        Bandwidth bandwidth = proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 512);
        Slicer slicer = proxy.toxics().slicer("slice", ToxicDirection.DOWNSTREAM, 64, 1_000).setSizeVariation(8);
        Timeout timeout = proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
        LimitData limit = proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 4096);
        ResetPeer reset = proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 10_000);
        SlowClose slowClose = proxy.toxics().slowClose("slowclose", ToxicDirection.DOWNSTREAM, 50);

        assertThat(latency.getLatency()).isEqualTo(120);
        assertThat(latency.getJitter()).isEqualTo(7);
        assertThat(bandwidth.getRate()).isEqualTo(512);
        assertThat(slicer.getAverageSize()).isEqualTo(64);
        assertThat(slicer.getSizeVariation()).isEqualTo(8);
        assertThat(slicer.getDelay()).isEqualTo(1_000);
        assertThat(timeout.getTimeout()).isZero();
        assertThat(limit.getBytes()).isEqualTo(4096);
        assertThat(reset.getTimeout()).isEqualTo(10_000);
        assertThat(slowClose.getDelay()).isEqualTo(50);

        List<? extends Toxic> all = proxy.toxics().getAll();
        assertThat(all).extracting(Toxic::getName)
                .containsExactlyInAnyOrder("lat", "bw", "slice", "to", "limit", "rst", "slowclose");
        assertThat(proxy.toxics().get("bw", Bandwidth.class).getStream()).isEqualTo(ToxicDirection.UPSTREAM);
        assertThat(proxy.toxics().get("lat", Latency.class).getJitter()).isEqualTo(7);
    }

    @Test
    void clientChangesToxicityAndRemovesToxics() throws IOException {
        Proxy proxy = target.createProxy("toxicity", upstream.address());
        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        assertThat(latency.getToxicity()).isEqualTo(1.0f);

        latency.setToxicity(0.25f);
        assertThat(latency.getToxicity()).isEqualTo(0.25f);
        assertThat(proxy.toxics().get("lat").getToxicity()).isEqualTo(0.25f);
        assertThat(proxy.toxics().get("lat", Latency.class).getLatency()).isEqualTo(10);

        latency.remove();
        assertThat(proxy.toxics().getAll()).isEmpty();
    }

    @Test
    void clientDisablesEnablesAndDeletes() throws IOException {
        // Enabling binds the port again: off the ephemeral range, so nothing else took it while disabled.
        target.onAProxyOffTheEphemeralRange("lifecycle", upstream.address(), proxy -> {
            proxy.disable();
            assertThat(proxy.isEnabled()).isFalse();
            assertThat(client.getProxy(proxy.getName()).isEnabled()).isFalse();
            proxy.enable();
            assertThat(proxy.isEnabled()).isTrue();

            proxy.delete();
            assertThat(client.getProxyOrNull(proxy.getName())).isNull();
        });
    }

    @Test
    void clientResetEnablesProxiesAndRemovesToxics() throws IOException {
        // The reset binds the disabled proxy's port again: off the ephemeral range, so that no bind(0) or connect
        // of a test running beside this one took it meanwhile (a 500 from /reset, seen once in a full build).
        target.onAProxyOffTheEphemeralRange("reset", upstream.address(), proxy -> {
            proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
            proxy.disable();

            client.reset();

            Proxy after = client.getProxy(proxy.getName());
            assertThat(after.isEnabled()).isTrue();
            assertThat(after.toxics().getAll()).isEmpty();
        });
    }

    @Test
    void clientChangesUpstreamAndListen() throws IOException {
        // A new upstream restarts the proxy on its port: off the ephemeral range, so nothing takes it meanwhile.
        target.onAProxyOffTheEphemeralRange("moves", upstream.address(), proxy -> {
            proxy.setUpstream("127.0.0.1:1");
            assertThat(proxy.getUpstream()).isEqualTo("127.0.0.1:1");
            proxy.setListen("127.0.0.1:0");
            assertThat(proxy.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
            assertThat(proxy.isEnabled()).isTrue();
        });
    }

    @Test
    void clientReadsVersionAsJson() throws IOException {
        String version = client.version();
        assertThat(JSON.readTree(version).path("version").asText()).startsWith("2.");
    }

    // ---- raw HTTP: shapes, codes, headers ----

    @Test
    void proxiesIndexIsAnObjectKeyedByNameWithTheFullShape() throws IOException {
        String name = ToxiproxyTarget.uniqueName("shape");
        HttpResponse<String> created = target.send("POST", "/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode proxy = JSON.readTree(created.body());
        assertThat(fieldNames(proxy)).isEqualTo(Set.of("name", "listen", "upstream", "enabled", "toxics"));
        assertThat(proxy.get("enabled").booleanValue()).isTrue();
        assertThat(proxy.get("toxics").isArray()).isTrue();

        HttpResponse<String> index = target.send("GET", "/proxies", null);
        assertThat(index.statusCode()).isEqualTo(200);
        JsonNode proxies = JSON.readTree(index.body());
        assertThat(proxies.isObject()).isTrue();
        assertThat(proxies.get(name).get("listen").asText()).isEqualTo(proxy.get("listen").asText());

        assertThat(target.send("GET", "/proxies/" + name, null).statusCode()).isEqualTo(200);
        HttpResponse<String> patched = target.send("PATCH", "/proxies/" + name, "{\"enabled\":false}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).get("enabled").booleanValue()).isFalse();
        HttpResponse<String> deleted = target.send("DELETE", "/proxies/" + name, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    void createWithoutEnabledDefaultsToEnabledAndHonoursFalse() throws IOException {
        String name = ToxiproxyTarget.uniqueName("disabled");
        HttpResponse<String> created = target.send("POST", "/proxies", "{\"name\":\"" + name
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\",\"enabled\":false}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("enabled").booleanValue()).isFalse();
    }

    @Test
    void errorBodiesCarryMessageAndStatus() throws IOException {
        assertError(target.send("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"),
                400, "missing required field: name");
        assertError(target.send("POST", "/proxies", "{\"name\":\"" + ToxiproxyTarget.uniqueName("x") + "\"}"),
                400, "missing required field: upstream");
        assertError(target.send("GET", "/proxies/does-not-exist", null), 404, "proxy not found");
        assertError(target.send("DELETE", "/proxies/does-not-exist", null), 404, "proxy not found");
        assertError(target.send("GET", "/proxies/does-not-exist/toxics", null), 404, "proxy not found");

        HttpResponse<String> garbage = target.send("POST", "/proxies", "this is not json");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(garbage.body()).get("error").asText()).startsWith("bad request body: ");
        // An object cut short is where Jackson adds "[Source: REDACTED ...]" to its words: not for a client.
        HttpResponse<String> cut = target.send("POST", "/proxies", "{\"name\": \"x\"");
        assertThat(cut.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(cut.body()).get("error").asText()).as("no parser internals in the words a client "
                + "gets").startsWith("bad request body: ").doesNotContain("REDACTED");
        assertThat(JSON.readTree(garbage.body()).get("status").asInt()).isEqualTo(400);

        Proxy proxy = target.createProxy("errors", upstream.address());
        assertError(target.send("POST", "/proxies", "{\"name\":\"" + proxy.getName()
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"}"), 409, "proxy already exists");
        String toxics = "/proxies/" + proxy.getName() + "/toxics";
        assertError(target.send("GET", toxics + "/nothing", null), 404, "toxic not found");
        assertError(target.send("DELETE", toxics + "/nothing", null), 404, "toxic not found");
        assertError(target.send("POST", toxics, "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
                400, "stream was invalid, can be either upstream or downstream");
        assertError(target.send("POST", toxics, "{\"type\":\"no_such_toxic\"}"), 400, "invalid toxic type");
        assertThat(target.send("POST", toxics, "{\"type\":\"latency\"}").statusCode()).isEqualTo(200);
        assertError(target.send("POST", toxics, "{\"type\":\"latency\"}"), 409, "toxic already exists");
        // Toxiproxy decodes the whole body, every field's JSON type included, before it looks at the stream, the
        // type and the name: a field of the wrong JSON type is a bad body even where the stream is invalid, the
        // name it would get is taken or the type unknown.
        for (String badBody : List.of("{\"type\":\"latency\",\"toxicity\":\"x\"}",
                "{\"type\":\"no_such_toxic\",\"toxicity\":\"x\"}",
                "{\"type\":\"latency\",\"attributes\":[1]}",
                "{\"type\":5,\"stream\":\"sideways\"}")) {
            HttpResponse<String> refused = target.send("POST", toxics, badBody);
            assertThat(refused.statusCode()).as("%s answered %s", badBody, refused.body()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).as(badBody)
                    .startsWith("bad request body: ");
        }
    }

    @Test
    void listenFailureIs500() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            HttpResponse<String> response = target.send("POST", "/proxies", "{\"name\":\""
                    + ToxiproxyTarget.uniqueName("busy") + "\",\"listen\":\"127.0.0.1:" + taken.getLocalPort()
                    + "\",\"upstream\":\"" + upstream.address() + "\"}");
            // Go's net.Listen error, passed on by Toxiproxy, naming the resolved address.
            assertError(response, 500, "listen tcp 127.0.0.1:" + taken.getLocalPort() + ": bind: address already in use");
        }
    }

    @Test
    void listenWithoutAUsablePortIs500AsGoSaysIt() throws IOException {
        // Go's net.Listen refuses these; a proxy bound to a port nobody asked for would be a silent surprise.
        for (String[] listenAndError : new String[][] {
                {"127.0.0.1", "listen tcp: address 127.0.0.1: missing port in address"},
                {"localhost", "listen tcp: address localhost: missing port in address"},
                {"127.0.0.1:99999", "listen tcp: address 99999: invalid port"},
        }) {
            String name = ToxiproxyTarget.uniqueName("noport");
            HttpResponse<String> response = target.send("POST", "/proxies", "{\"name\":\"" + name
                    + "\",\"listen\":\"" + listenAndError[0] + "\",\"upstream\":\"" + upstream.address() + "\"}");
            assertError(response, 500, listenAndError[1]);
            assertThat(target.send("GET", "/proxies/" + name, null).statusCode())
                    .as("proxy %s with listen %s after the refusal", name, listenAndError[0]).isEqualTo(404);
        }
    }

    @Test
    void listenWithAnEmptyPortBindsAFreeOneAsGoDoes() throws IOException {
        // Go's net.Listen takes an empty port as 0: "127.0.0.1:" is no missing port.
        String name = ToxiproxyTarget.uniqueName("emptyport");
        Proxy proxy = client.createProxy(name, "127.0.0.1:", upstream.address());

        assertThat(proxy.getListen()).as("listen of a proxy created with 127.0.0.1:").startsWith("127.0.0.1:")
                .isNotIn("127.0.0.1:", "127.0.0.1:0");
    }

    @Test
    void toxicDefaultsAndCaseInsensitiveStream() throws IOException {
        Proxy proxy = target.createProxy("defaults", upstream.address());
        String toxics = "/proxies/" + proxy.getName() + "/toxics";

        HttpResponse<String> created = target.send("POST", toxics, "{\"type\":\"latency\",\"attributes\":{\"latency\":5}}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode toxic = JSON.readTree(created.body());
        assertThat(fieldNames(toxic)).isEqualTo(Set.of("name", "type", "stream", "toxicity", "attributes"));
        assertThat(toxic.get("name").asText()).isEqualTo("latency_downstream");
        assertThat(toxic.get("stream").asText()).isEqualTo("downstream");
        assertThat(toxic.get("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(toxic.get("attributes").get("latency").asLong()).isEqualTo(5);
        assertThat(toxic.get("attributes").get("jitter").asLong()).isZero();

        HttpResponse<String> upper = target.send("POST", toxics,
                "{\"type\":\"bandwidth\",\"stream\":\"UpStream\",\"attributes\":{\"rate\":9}}");
        assertThat(upper.statusCode()).isEqualTo(200);
        // Parsed without regard to case, but shown and used in the default name as written.
        assertThat(JSON.readTree(upper.body()).get("stream").asText()).isEqualTo("UpStream");
        assertThat(JSON.readTree(upper.body()).get("name").asText()).isEqualTo("bandwidth_UpStream");
        assertThat(JSON.readTree(target.send("GET", toxics + "/bandwidth_UpStream", null).body()).get("stream").asText())
                .isEqualTo("UpStream");

        HttpResponse<String> list = target.send("GET", toxics, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).isArray()).isTrue();
        assertThat(JSON.readTree(list.body())).hasSize(2);
    }

    @Test
    void toxicsAreListedUpstreamFirstThenDownstreamEachInTheOrderAdded() throws IOException {
        Proxy proxy = target.createProxy("order", upstream.address());
        proxy.toxics().latency("down-1", ToxicDirection.DOWNSTREAM, 1);
        proxy.toxics().latency("up-1", ToxicDirection.UPSTREAM, 1);
        proxy.toxics().latency("down-2", ToxicDirection.DOWNSTREAM, 1);
        proxy.toxics().latency("up-2", ToxicDirection.UPSTREAM, 1);

        List<String> listed = new java.util.ArrayList<>();
        JSON.readTree(target.send("GET", "/proxies/" + proxy.getName() + "/toxics", null).body())
                .forEach(toxic -> listed.add(toxic.get("name").asText()));
        List<String> shown = new java.util.ArrayList<>();
        JSON.readTree(target.send("GET", "/proxies/" + proxy.getName(), null).body()).get("toxics")
                .forEach(toxic -> shown.add(toxic.get("name").asText()));

        assertThat(listed).containsExactly("up-1", "up-2", "down-1", "down-2");
        assertThat(shown).containsExactly("up-1", "up-2", "down-1", "down-2");
    }

    @Test
    void toxicUpdateMergesAttributesAndToxicityOnly() throws IOException {
        Proxy proxy = target.createProxy("merge", upstream.address());
        String toxic = "/proxies/" + proxy.getName() + "/toxics/lat";
        target.send("POST", "/proxies/" + proxy.getName() + "/toxics",
                "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":100,\"jitter\":10}}");

        HttpResponse<String> posted = target.send("POST", toxic, "{\"attributes\":{\"jitter\":3}}");
        assertThat(posted.statusCode()).isEqualTo(200);
        JsonNode afterPost = JSON.readTree(posted.body());
        assertThat(afterPost.get("attributes").get("latency").asLong()).isEqualTo(100);
        assertThat(afterPost.get("attributes").get("jitter").asLong()).isEqualTo(3);

        HttpResponse<String> patched = target.send("PATCH", toxic,
                "{\"toxicity\":0.5,\"type\":\"bandwidth\",\"stream\":\"upstream\",\"name\":\"renamed\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode afterPatch = JSON.readTree(patched.body());
        assertThat(afterPatch.get("toxicity").asDouble()).isEqualTo(0.5);
        assertThat(afterPatch.get("name").asText()).isEqualTo("lat");
        assertThat(afterPatch.get("type").asText()).isEqualTo("latency");
        assertThat(afterPatch.get("stream").asText()).isEqualTo("downstream");
        assertThat(afterPatch.get("attributes").get("latency").asLong()).isEqualTo(100);

        HttpResponse<String> deleted = target.send("DELETE", toxic, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
    }

    @Test
    void resetIs204WithEmptyBody() throws IOException {
        HttpResponse<String> reset = target.send("POST", "/reset", null);
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(reset.body()).isEmpty();
    }

    @Test
    void versionIsJson() throws IOException {
        HttpResponse<String> version = target.send("GET", "/version", null);
        assertThat(version.statusCode()).isEqualTo(200);
        // Formatted by hand in Toxiproxy: a space after the colon, a final newline, no space before charset.
        assertThat(version.body()).matches("\\{\"version\": \"2\\.12\\.0[^\"]*\"\\}\n");
        assertThat(version.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    }

    @Test
    void everyResponseCarriesARequestId() throws IOException {
        List<HttpResponse<String>> responses = List.of(
                target.send("GET", "/version", null),
                target.send("GET", "/proxies", null),
                target.send("GET", "/proxies/does-not-exist", null),
                target.send("POST", "/reset", null),
                target.send("GET", "/version", null, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"));
        for (HttpResponse<String> response : responses) {
            assertThat(response.headers().firstValue("X-Toxiproxy-Request-Id"))
                    .as("%s %s", response.request().method(), response.uri()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        }
        assertThat(responses.get(0).headers().firstValue("X-Toxiproxy-Request-Id"))
                .isNotEqualTo(responses.get(1).headers().firstValue("X-Toxiproxy-Request-Id"));
    }

    @Test
    void browsersAreRefused() throws IOException {
        HttpResponse<String> response = target.send("GET", "/proxies", null,
                "User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)");
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void populateCreatesAndReplacesOnlyWhenListenOrUpstreamDiffer() throws IOException {
        String name = ToxiproxyTarget.uniqueName("populate");
        // Replacing the proxy below binds its port again: off the ephemeral range, so that no bind(0) or connect of
        // a test running beside this one takes it meanwhile. A port found taken is a 500 here, and another is tried.
        HttpResponse<String> first = ToxiproxyTarget.offTheEphemeralRange(at -> {
            HttpResponse<String> response = target.send("POST", "/populate", "[{\"name\":\"" + name
                    + "\",\"listen\":\"" + at + "\",\"upstream\":\"" + upstream.address() + "\"}]");
            if (response.statusCode() == 500) {
                throw new IOException("port taken: " + response.body());
            }
            return response;
        });
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode created = JSON.readTree(first.body()).get("proxies");
        assertThat(created).hasSize(1);
        String listen = created.get(0).get("listen").asText();
        client.getProxy(name).toxics().latency("marker", ToxicDirection.DOWNSTREAM, 1);

        // Same listen and upstream: kept as it is, toxics and all.
        HttpResponse<String> same = target.send("POST", "/populate",
                "[{\"name\":\"" + name + "\",\"listen\":\"" + listen + "\",\"upstream\":\"" + upstream.address() + "\"}]");
        assertThat(same.statusCode()).isEqualTo(201);
        assertThat(client.getProxy(name).toxics().getAll()).extracting(Toxic::getName).containsExactly("marker");

        // A different upstream: replaced by a fresh proxy. Toxiproxy itself closes the old listener asynchronously,
        // so binding the same port again can meet "address already in use" for a moment (a 500): asked again,
        // within a bound, as a client of Toxiproxy would.
        String replace = "[{\"name\":\"" + name + "\",\"listen\":\"" + listen + "\",\"upstream\":\"127.0.0.1:1\"}]";
        HttpResponse<String> changed = await("populate replacing the proxy on " + listen).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> target.send("POST", "/populate", replace),
                        response -> !(response.statusCode() == 500 && response.body().contains("address already in use")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(201);
        assertThat(client.getProxy(name).getUpstream()).isEqualTo("127.0.0.1:1");
        assertThat(client.getProxy(name).toxics().getAll()).isEmpty();
    }

    @Test
    void populateAndUpdateKeepAProxyWhoseNewListenResolvesToTheBoundAddress() throws IOException {
        // Toxiproxy resolves the requested listen before comparing (Proxy.Differs): localhost:P names the proxy
        // already bound to 127.0.0.1:P, so it is kept with its toxics and its open connections.
        Proxy proxy = target.createProxy("same-listen", upstream.address());
        String localhost = "localhost:" + Wire.port(proxy.getListen());
        proxy.toxics().latency("marker", ToxicDirection.DOWNSTREAM, 1);
        try (Socket open = Wire.connect(proxy.getListen())) {
            HttpResponse<String> populated = target.send("POST", "/populate", "[{\"name\":\"" + proxy.getName()
                    + "\",\"listen\":\"" + localhost + "\",\"upstream\":\"" + upstream.address() + "\"}]");
            assertThat(populated.statusCode()).as(populated.body()).isEqualTo(201);
            HttpResponse<String> updated = target.send("PATCH", "/proxies/" + proxy.getName(),
                    "{\"listen\":\"" + localhost + "\"}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

            assertThat(client.getProxy(proxy.getName()).toxics().getAll()).as("toxics after populate and update")
                    .extracting(Toxic::getName).containsExactly("marker");
            open.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(Wire.readExactly(open.getInputStream(), 10), StandardCharsets.US_ASCII))
                    .as("the connection opened before populate and update still echoes").isEqualTo("still here");
        }
    }

    @Test
    void populateRejectsAProxyWithoutName() throws IOException {
        HttpResponse<String> response = target.send("POST", "/populate", "[{\"upstream\":\"127.0.0.1:1\"}]");
        assertThat(response.statusCode()).isEqualTo(400);
        // Populate writes its own reply, errors too: JSON, the error beside the (here: no) proxies.
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"error\":\"missing required field: name at proxy 1\",\"status\":400,\"proxies\":null}");
    }

    @Test
    void populateOfAnEmptyListIs201WithNullProxies() throws IOException {
        // Go marshals the empty result slice as null.
        HttpResponse<String> response = target.send("POST", "/populate", "[]");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"proxies\":null}");
    }

    /** An API error as Toxiproxy writes it, through Go's http.Error: JSON text, a newline, typed text/plain. */
    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of an error")
                .hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).as("error body").endsWith("}\n");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(message);
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }

    private static Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
