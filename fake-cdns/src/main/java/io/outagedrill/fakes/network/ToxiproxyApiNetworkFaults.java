package io.outagedrill.fakes.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Locale;

/**
 * {@link NetworkFaults} over Toxiproxy's HTTP API, for any server that speaks it: the embedded proxy, or a real
 * Toxiproxy (in a container, say). The JDK's HTTP client and Jackson rather than the official Java client, which
 * has a method per known toxic type and no way to send {type, attributes} as given: it cannot create the embedded
 * proxy's {@code corrupt} toxic, and its {@code ToxicList.getAll()} throws on reading one back.
 *
 * <p>Routes used: {@code GET /proxies}, {@code GET /proxies/NAME}, {@code POST /proxies/NAME} with {@code
 * {"enabled": ...}} (down, up), {@code GET|POST /proxies/NAME/toxics}, {@code DELETE /proxies/NAME/toxics/TOXIC}
 * and {@code POST /reset}; error bodies are Toxiproxy's {@code {"error": ..., "status": ...}}.
 */
public final class ToxiproxyApiNetworkFaults implements NetworkFaults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI api;
    private final HttpClient http;

    private ToxiproxyApiNetworkFaults(URI api, HttpClient http) {
        this.api = api;
        this.http = http;
    }

    /** Talks to the Toxiproxy API at {@code api} ({@code http://127.0.0.1:8474}), never through a system proxy. */
    public static ToxiproxyApiNetworkFaults at(URI api) {
        Objects.requireNonNull(api, "api");
        return new ToxiproxyApiNetworkFaults(api, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .proxy(HttpClient.Builder.NO_PROXY).build());
    }

    public URI api() {
        return api;
    }

    /**
     * Creates the provider's link ({@code POST /proxies}): a proxy named after the provider, listening on {@code
     * listen} ({@code host:port}, port 0 for one the proxy picks and keeps across down and up) and relaying to
     * {@code upstream}. Not part of {@link NetworkFaults}: making links is the world's start, not a fault.
     */
    public LinkState createLink(String provider, String listen, String upstream) {
        String body = JSON.createObjectNode().put("name", provider).put("listen", listen).put("upstream", upstream)
                .put("enabled", true).toString();
        Reply reply = send("POST", "/proxies", body);
        if (!reply.ok()) {
            throw new NetworkFaultException(reply.status(), "fault proxy at " + api + " refused to create the link "
                    + provider + " (" + listen + " -> " + upstream + "): " + reply.error());
        }
        return link(reply.json());
    }

    @Override
    public AddedToxic addToxic(String provider, ToxicSpec toxic) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", toxic.name()).put("type", toxic.type()).put("stream", toxic.stream().wireName())
                .put("toxicity", toxic.toxicity());
        ObjectNode attributes = body.putObject("attributes");
        toxic.attributes().forEach((key, value) -> attributes.set(key, JSON.valueToTree(value)));
        Reply reply = send("POST", toxicsPath(provider), body.toString());
        if (!reply.ok()) {
            throw refusal(provider, reply, "refused " + toxic);
        }
        return new AddedToxic(this, provider, toxic(reply.json()));
    }

    @Override
    public boolean removeToxic(String provider, String toxicName) {
        Reply reply = send("DELETE", toxicsPath(provider) + "/" + segment(toxicName), null);
        if (reply.ok()) {
            return true;
        }
        // 404 is either "toxic not found" (nothing to remove) or "proxy not found" (an unknown provider): ask.
        if (reply.status() == 404 && send("GET", proxyPath(provider), null).ok()) {
            return false;
        }
        throw refusal(provider, reply, "could not remove toxic '" + toxicName + "'");
    }

    @Override
    public List<ToxicSpec> toxics(String provider) {
        return link(provider).toxics();
    }

    @Override
    public void down(String provider) {
        setEnabled(provider, false, "could not take the link down");
    }

    @Override
    public void up(String provider) {
        setEnabled(provider, true, "could not bring the link up");
    }

    @Override
    public LinkState link(String provider) {
        Reply reply = send("GET", proxyPath(provider), null);
        if (!reply.ok()) {
            throw refusal(provider, reply, "could not read the link");
        }
        return link(reply.json());
    }

    @Override
    public List<LinkState> links() {
        Reply reply = send("GET", "/proxies", null);
        if (!reply.ok()) {
            throw new NetworkFaultException(reply.status(), "fault proxy at " + api + " could not list its links: "
                    + reply.error());
        }
        List<LinkState> links = new ArrayList<>();
        reply.json().forEach(node -> links.add(link(node))); // an object keyed by proxy name
        return links;
    }

    @Override
    public void reset() {
        Reply reply = send("POST", "/reset", null);
        if (!reply.ok()) {
            throw new NetworkFaultException(reply.status(), "fault proxy at " + api + " could not reset: "
                    + reply.error());
        }
    }

    private void setEnabled(String provider, boolean enabled, String what) {
        Reply reply = send("POST", proxyPath(provider), JSON.createObjectNode().put("enabled", enabled).toString());
        if (!reply.ok()) {
            throw refusal(provider, reply, what);
        }
    }

    /** The proxy's refusal with the provider named; an unknown provider lists the ones there are. */
    private NetworkFaultException refusal(String provider, Reply reply, String what) {
        if (reply.status() == 404 && reply.error().contains("proxy not found")) {
            return new NetworkFaultException(404, "no provider " + provider + " on the fault proxy at " + api
                    + "; its links: " + links().stream().map(LinkState::provider).toList());
        }
        return new NetworkFaultException(reply.status(), "fault proxy at " + api + " " + what + " on provider "
                + provider + ": " + reply.error() + " [" + reply.status() + "]");
    }

    private static String proxyPath(String provider) {
        return "/proxies/" + segment(provider);
    }

    private static String toxicsPath(String provider) {
        return proxyPath(provider) + "/toxics";
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Reply(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new NetworkFaultException("the fault proxy answered " + status + " with a body that is not "
                        + "JSON: " + body, e);
            }
        }

        /** Toxiproxy's {@code error} field, or the raw body when there is none (a plain-text 404 from the router). */
        String error() {
            try {
                JsonNode error = JSON.readTree(body).path("error");
                return error.isTextual() ? error.textValue() : body.strip();
            } catch (IOException notJson) {
                return body.strip();
            }
        }
    }

    private Reply send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(api.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new NetworkFaultException("the fault proxy at " + api + " did not answer " + method + " " + path
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetworkFaultException("interrupted while calling " + method + " " + path + " on " + api, e);
        }
    }

    private static LinkState link(JsonNode proxy) {
        List<ToxicSpec> toxics = new ArrayList<>();
        proxy.path("toxics").forEach(node -> toxics.add(toxic(node)));
        return new LinkState(proxy.path("name").asText(), proxy.path("listen").asText(),
                proxy.path("upstream").asText(), proxy.path("enabled").asBoolean(), toxics);
    }

    private static ToxicSpec toxic(JsonNode node) {
        Map<String, Number> attributes = new LinkedHashMap<>();
        node.path("attributes").properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            // Longs and doubles only, whatever width Jackson picked: the same values the in-process adapter gives.
            attributes.put(entry.getKey(), value.isIntegralNumber() ? (Number) value.longValue()
                    : (Number) value.doubleValue());
        });
        return new ToxicSpec(node.path("name").asText(), node.path("type").asText(),
                ToxicSpec.Stream.valueOf(node.path("stream").asText("downstream").toUpperCase(Locale.ROOT)),
                node.path("toxicity").asDouble(1.0), attributes);
    }
}
