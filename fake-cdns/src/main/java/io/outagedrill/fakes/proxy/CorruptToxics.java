package io.outagedrill.fakes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates and reads {@code corrupt} toxics over the control API. The Toxiproxy Java client can't: it has no
 * method for the type, and its {@code ToxicList.getAll()} throws {@code IllegalArgumentException} ("No enum
 * constant ... CORRUPT") as soon as the server lists one. This helper talks raw HTTP, so it works against any
 * server that has the extension (a real Toxiproxy answers 400 "invalid toxic type").
 */
public final class CorruptToxics {
    /** The type name on the wire. */
    public static final String TYPE = "corrupt";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).proxy(HttpClient.Builder.NO_PROXY).build();

    private final URI controlUri;

    private CorruptToxics(URI controlUri) {
        this.controlUri = controlUri;
    }

    public static CorruptToxics at(URI controlUri) {
        return new CorruptToxics(controlUri);
    }

    public static CorruptToxics at(String host, int controlPort) {
        return at(URI.create("http://" + host + ":" + controlPort));
    }

    public static CorruptToxics at(ToxiproxyServer server) {
        return at(server.controlUri());
    }

    /**
     * Adds a corrupt toxic: one bit flipped per byte with {@code probability} in the window
     * [{@code offset}, {@code offset + length}) of the stream ({@code length} 0: to the end), seeded with
     * {@code seed}. Returns the toxic as the server stored it.
     */
    public ToxicConfig add(String proxy, String name, StreamDirection stream, double probability, long offset,
                           long length, long seed) throws IOException {
        ObjectNode body = ControlJson.MAPPER.createObjectNode();
        body.put("name", name).put("type", TYPE).put("stream", stream.wireName()).put("toxicity", 1.0);
        body.putObject("attributes").put("probability", probability).put("offset", offset).put("length", length)
                .put("seed", seed);
        return toxic(send("POST", "/proxies/" + proxy + "/toxics", body.toString()));
    }

    /** Every toxic of the proxy, corrupt or not (what {@code ToxicList.getAll()} can't do). */
    public List<ToxicConfig> list(String proxy) throws IOException {
        List<ToxicConfig> toxics = new ArrayList<>();
        send("GET", "/proxies/" + proxy + "/toxics", null).forEach(node -> toxics.add(toxic(node)));
        return toxics;
    }

    public ToxicConfig get(String proxy, String name) throws IOException {
        return toxic(send("GET", "/proxies/" + proxy + "/toxics/" + name, null));
    }

    public void remove(String proxy, String name) throws IOException {
        send("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
    }

    private JsonNode send(String method, String path, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(controlUri.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("[" + response.statusCode() + "] " + method + " " + path + ": " + response.body());
        }
        return response.body().isEmpty() ? ControlJson.MAPPER.nullNode() : ControlJson.MAPPER.readTree(response.body());
    }

    private static ToxicConfig toxic(JsonNode node) {
        Map<String, Number> attributes = new LinkedHashMap<>();
        node.path("attributes").properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            // Longs and doubles only, as the server keeps them, whatever width Jackson picked.
            attributes.put(entry.getKey(), value.isIntegralNumber() ? (Number) value.longValue() : (Number) value.doubleValue());
        });
        String stream = node.path("stream").asText("downstream");
        return new ToxicConfig(node.path("name").asText(), node.path("type").asText(), StreamDirection.parse(stream),
                node.path("toxicity").asDouble(1.0), attributes, stream);
    }
}
