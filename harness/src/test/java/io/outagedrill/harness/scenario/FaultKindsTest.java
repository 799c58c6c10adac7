package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.fakes.fault.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each kind's reader gives a fault of the model that names the same kind back (StepWords and reports show it). */
class FaultKindsTest {
    @Test
    void everyKindReadFromItsRequiredFieldsNamesItselfBack() {
        for (String kind : FaultKinds.names()) {
            ObjectNode apply = JsonNodeFactory.instance.objectNode();
            JsonNode schema = SchemaCheck.schemaTree().at("/$defs/fault." + kind);
            schema.path("required").forEach(field -> apply.set(field.asText(),
                    sample(schema.path("properties").path(field.asText()))));
            apply.put("fault", kind);

            Fault fault = FaultKinds.read(new Fields(apply, "/timeline/0/apply"));

            assertThat(fault.kind()).as("%s read from %s", kind, apply).isEqualTo(kind);
        }
    }

    /** A valid value for a required field, from its schema. */
    private static JsonNode sample(JsonNode property) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (property.path("type").asText().equals("array")) {
            return json.arrayNode().add(sample(property.path("items"))); // minItems 1 where it matters
        }
        String ref = property.path("$ref").asText();
        return switch (ref.substring(ref.lastIndexOf('/') + 1)) {
            case "duration" -> json.textNode("1s");
            case "size" -> json.textNode("1KiB");
            case "fraction" -> json.textNode("50%");
            case "name", "id" -> json.textNode("a");
            default -> property.path("type").asText().equals("integer")
                    ? json.numberNode(Math.max(1, property.path("minimum").asLong()))
                    : json.textNode("https://a.test/");
        };
    }
}
