package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a tree against {@code scenario.schema.json} (JSON Schema 2020-12, networknt) and words each
 * error for people: "unknown field ... did you mean", "expected a duration such as 90s, saw ...". The
 * schema is the contract editors use too (see docs/scenario-format.md); this class only translates.
 */
final class SchemaCheck {
    static final String RESOURCE = "/scenario.schema.json";

    /** One schema error, at a pointer; {@code atKey} when the key itself is wrong (unknown field). */
    record Issue(String pointer, boolean atKey, String message) {
    }

    /** Friendly expectations for the value syntaxes, by {@code $defs} name. */
    private static final Map<String, String> EXPECTED = Map.of(
            "duration", Values.EXPECTED_DURATION,
            "size", Values.EXPECTED_SIZE,
            "fraction", Values.EXPECTED_FRACTION,
            "clock", Values.EXPECTED_CLOCK,
            "time", Values.EXPECTED_TIME,
            "byteRange", Values.EXPECTED_RANGE,
            "clientName", "expected one of reference, reference-cli, aria2c, curl, or cmd: and a command line of your own",
            "name", "expected a lowercase name such as \"fastly\" or \"us-east-1\" (a-z, 0-9, -)",
            "id", "expected a lowercase id such as \"cf-500s\" (a-z, 0-9, -)");

    private static final JsonNode SCHEMA_TREE = readSchema();
    private static final Schema SCHEMA =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_TREE);

    private SchemaCheck() {
    }

    static JsonNode schemaTree() {
        return SCHEMA_TREE;
    }

    static List<Issue> validate(JsonNode document) {
        Map<String, Issue> byPlace = new LinkedHashMap<>();
        for (Error error : SCHEMA.validate(document)) {
            Issue issue = translate(error);
            if (issue != null) {
                // Keep the first error per place: later ones at the same spot are usually echoes of it.
                byPlace.putIfAbsent(issue.pointer() + (issue.atKey() ? "#key" : ""), issue);
            }
        }
        return new ArrayList<>(byPlace.values());
    }

    private static Issue translate(Error error) {
        String pointer = pointer(error.getInstanceLocation());
        JsonNode instance = error.getInstanceNode();
        JsonNode parentSchema = schemaParent(error);
        String keyword = error.getKeyword();
        return switch (keyword == null ? "" : keyword) {
            case "additionalProperties" -> {
                String field = error.getProperty();
                Set<String> valid = new TreeSet<>();
                if (parentSchema != null && parentSchema.has("properties")) {
                    parentSchema.get("properties").fieldNames().forEachRemaining(valid::add);
                }
                yield new Issue(pointer + "/" + LocatedYaml.escape(field), true, "unknown field \"" + field + "\""
                        + Suggestions.didYouMean(field, valid) + "; valid fields here: " + String.join(", ", valid));
            }
            // Without SLOs every run would pass: said as the loader's own check says it, not as a bare field.
            case "required" -> pointer.isEmpty() && "slos".equals(error.getProperty())
                    ? new Issue("/slos", false, ScenarioChecker.NEEDS_AN_SLO)
                    : new Issue(pointer, false, "missing required field \"" + error.getProperty() + "\"");
            case "minItems" -> "/slos".equals(pointer) ? new Issue(pointer, false, ScenarioChecker.NEEDS_AN_SLO)
                    : new Issue(pointer, false, stripPath(error.getMessage()));
            case "enum", "const" -> {
                if (pointer.endsWith("/apply/fault") || pointer.endsWith("/apply")) {
                    // The fault's own if/then branches echo a const mismatch; the enum on "fault" says it all.
                    yield instance != null && instance.isTextual() && !FaultKinds.names().contains(instance.asText())
                            ? new Issue(pointer, false, FaultKinds.unknownKind(instance.asText())) : null;
                }
                List<String> valid = new ArrayList<>();
                JsonNode values = error.getSchemaNode();
                if (values != null) {
                    values.forEach(v -> valid.add(v.asText()));
                }
                String written = instance == null ? "" : instance.asText();
                yield new Issue(pointer, false, "expected one of " + String.join(", ", valid) + ", saw " + instance
                        + Suggestions.didYouMean(written, valid));
            }
            case "type", "pattern", "minimum", "maximum" -> new Issue(pointer, false,
                    expectation(error, parentSchema) + ", saw " + instance);
            default -> new Issue(pointer, false, stripPath(error.getMessage()));
        };
    }

    /** "expected an integer between 200 and 599", or the friendly text of a named value syntax. */
    private static String expectation(Error error, JsonNode schema) {
        String location = error.getSchemaLocation().toString();
        for (Map.Entry<String, String> named : EXPECTED.entrySet()) {
            if (location.contains("/$defs/" + named.getKey() + "/")) {
                return named.getValue();
            }
        }
        if (schema == null) {
            return stripPath(error.getMessage());
        }
        String type = schema.path("type").isTextual() ? schema.path("type").asText() : "value";
        String noun = switch (type) {
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a mapping (field: value)";
            case "array" -> "a list";
            case "string" -> "a string";
            default -> "a value";
        };
        JsonNode min = schema.get("minimum");
        JsonNode max = schema.get("maximum");
        if (min != null && max != null) {
            return "expected " + noun + " between " + min + " and " + max;
        }
        if (min != null) {
            return "expected " + noun + " of at least " + min;
        }
        if (schema.has("pattern")) {
            return "expected " + noun + " matching " + schema.get("pattern").asText();
        }
        return max != null ? "expected " + noun + " of at most " + max : "expected " + noun;
    }

    /** The schema object holding the failing keyword, found by its location in our own schema file. */
    private static JsonNode schemaParent(Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = SCHEMA_TREE;
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(element.toString());
        }
        return node;
    }

    static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(LocatedYaml.escape(path.getElement(i).toString()));
        }
        return pointer.toString();
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("/") || message.startsWith("$") ? message.substring(colon + 2) : message;
    }

    private static JsonNode readSchema() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Iterator<String> kindsInSchema() {
        List<String> kinds = new ArrayList<>();
        SCHEMA_TREE.at("/$defs/fault/properties/fault/enum").forEach(k -> kinds.add(k.asText()));
        return kinds.iterator();
    }
}
