package io.outagedrill.fakes.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.fakes.JsonSyntax;

import java.util.List;
import java.util.Map;

/** The control API's JSON shapes, and strict reading of request bodies into Toxiproxy's error messages. */
final class ControlJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlJson() {
    }

    static ObjectNode proxy(ProxyConfig proxy, List<ToxicConfig> toxics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", proxy.name());
        node.put("listen", proxy.listen());
        node.put("upstream", proxy.upstream());
        node.put("enabled", proxy.enabled());
        ArrayNode array = node.putArray("toxics");
        toxics.forEach(toxic -> array.add(toxic(toxic)));
        return node;
    }

    static ObjectNode toxic(ToxicConfig toxic) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", toxic.name());
        node.put("type", toxic.type());
        node.put("stream", toxic.streamName()); // as the client wrote it, like Toxiproxy
        node.put("toxicity", (float) toxic.toxicity()); // Toxiproxy keeps a float32
        ObjectNode attributes = node.putObject("attributes");
        for (Map.Entry<String, Number> attribute : toxic.attributes().entrySet()) {
            if (attribute.getValue() instanceof Double value) {
                attributes.put(attribute.getKey(), value);
            } else {
                attributes.put(attribute.getKey(), attribute.getValue().longValue());
            }
        }
        return node;
    }

    static ObjectNode error(ApiException error) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", error.getMessage());
        node.put("status", error.status());
        return node;
    }

    /** Parses a body; Go's decoder says "EOF" for an empty one, and so do we. */
    static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequestBody("EOF");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequestBody(JsonSyntax.words(e));
        }
    }

    static JsonNode parseObject(String body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw ApiException.badRequestBody("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    static String string(JsonNode object, String field, String fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequestBody("field " + field + " must be a string, got " + value);
        }
        return value.textValue();
    }

    static boolean bool(JsonNode object, String field, boolean fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequestBody("field " + field + " must be a boolean, got " + value);
        }
        return value.booleanValue();
    }

    static double number(JsonNode object, String field, double fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequestBody("field " + field + " must be a number, got " + value);
        }
        return value.doubleValue();
    }

    /** A proxy from a create or populate body: enabled defaults to true, an empty listen to any loopback port. */
    static ProxyConfig newProxy(JsonNode object) {
        if (!object.isObject()) {
            throw ApiException.badRequestBody("expected a JSON object for a proxy, got " + object);
        }
        String listen = string(object, "listen", "");
        return new ProxyConfig(string(object, "name", ""), listen.isEmpty() ? "127.0.0.1:0" : listen,
                string(object, "upstream", ""), bool(object, "enabled", true));
    }
}
