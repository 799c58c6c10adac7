package io.outagedrill.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.outagedrill.client.ByteSize;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bundled {@code demo} scenario (scenarios/demo.yaml, shipped in the harness jar), with {@code drill demo}'s
 * size and chunk options written into the document before it is read, so the loader checks them like any file's.
 * The corrupt byte is an absolute offset: it moves with the size, to the same share of the file, so the fault
 * still lands on a chunk the client has yet to fetch.
 */
final class DemoScenario {
    static final String NAME = "demo";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DemoScenario() {
    }

    /** The demo as shipped. */
    static Scenario load() {
        return load(null, null);
    }

    /** The demo with its one file {@code size} bytes and {@code chunk}-byte chunks; null keeps the file's. */
    static Scenario load(Long size, Long chunk) {
        String text = bundled();
        if (size == null && chunk == null) {
            return ScenarioLoader.parse(NAME + ".yaml", NAME, text);
        }
        try {
            ObjectNode doc = (ObjectNode) YAML.readTree(text);
            ObjectNode file = (ObjectNode) doc.path("topology").path("files").path(0);
            if (size != null) {
                long before = bytes(file.path("size"));
                moveCorruptBytes(doc.path("timeline"), size / (double) before);
                file.put("size", size);
            }
            if (chunk != null) {
                file.put("chunkSize", chunk);
            }
            return ScenarioLoader.parse(NAME + ".yaml", NAME, YAML.writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled demo scenario does not read as YAML", e);
        }
    }

    private static void moveCorruptBytes(JsonNode timeline, double scale) {
        for (JsonNode step : timeline) {
            JsonNode apply = step.path("apply");
            if ("http.corrupt-bytes".equals(apply.path("fault").asText())) {
                ArrayNode offsets = (ArrayNode) apply.path("offsets");
                for (int i = 0; i < offsets.size(); i++) {
                    offsets.set(i, offsets.numberNode((long) (bytes(offsets.get(i)) * scale)));
                }
            }
        }
    }

    /** A size as the format writes it: a number of bytes or a string such as {@code 24MiB}. */
    private static long bytes(JsonNode size) {
        return size.isNumber() ? size.asLong() : ByteSize.parse(size.asText());
    }

    private static String bundled() {
        return ScenarioLoader.builtInText(NAME).orElseThrow(() -> new IllegalStateException(
                "scenarios/" + NAME + ".yaml is not in the harness jar"));
    }
}
