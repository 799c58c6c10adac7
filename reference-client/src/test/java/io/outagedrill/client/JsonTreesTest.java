package io.outagedrill.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JsonTrees} against {@code ObjectMapper}, which it stands in for on the client's start-up path. */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DOCUMENT = """
            {"file": "a.mp4", "size": 3000000000, "small": 7, "huge": 123456789012345678901234567890,
             "ratio": 0.25, "ok": true, "no": false, "nothing": null,
             "chunks": ["aa", "bb", [], {}], "nested": {"deeper": [1, {"x": "y\\u00e9\\n"}]}}
            """;

    @Test
    void readsTheSameTreeAsObjectMapper() throws Exception {
        JsonNode ours = JsonTrees.read(JsonTrees.STRICT, DOCUMENT.getBytes(StandardCharsets.UTF_8));

        assertThat(ours).isEqualTo(MAPPER.readTree(DOCUMENT));
        assertThat(ours.get("size").isLong()).as("a number over 2^31 is a long, as readTree makes it").isTrue();
        assertThat(ours.get("small").isInt()).isTrue();
        assertThat(ours.get("huge").isBigInteger()).isTrue();
        assertThat(ours.get("ratio").isDouble()).isTrue();
    }

    @Test
    void writesTheBytesObjectMapperWrites() throws Exception {
        JsonNode tree = MAPPER.readTree(DOCUMENT);

        assertThat(new String(JsonTrees.write(tree), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(tree));
        assertThat(new String(JsonTrees.writeIndented(tree), StandardCharsets.UTF_8))
                .as("INDENT_OUTPUT's layout, so files written before read the same")
                .isEqualTo(MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
    }

    @Test
    void roundTrips() throws Exception {
        JsonNode tree = JsonTrees.read(JsonTrees.STRICT, DOCUMENT);

        assertThat(JsonTrees.read(JsonTrees.STRICT, JsonTrees.writeIndented(tree))).isEqualTo(tree);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n"})
    void noValueIsTheMissingNode(String text) throws Exception {
        assertThat(JsonTrees.read(JsonTrees.STRICT, text).isMissingNode()).isTrue();
    }

    @Test
    void anythingAfterTheValueIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> JsonTrees.read(JsonTrees.STRICT, "{\"a\": 1}\n {}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Trailing token (of type START_OBJECT) found after value")
                .satisfies(e -> assertThat(((JsonParseException) e).getLocation())
                        .as("where the trailing value starts").satisfies(at -> {
                            assertThat(at.getLineNr()).isEqualTo(2);
                            assertThat(at.getColumnNr()).isEqualTo(2);
                        }));
    }

    @Test
    void aStrictFactoryRefusesARepeatedKeyAndAPlainOneKeepsTheLast() throws Exception {
        String twice = "{\"version\": 1, \"version\": 9}";

        assertThatThrownBy(() -> JsonTrees.read(JsonTrees.STRICT, twice))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'version'");
        assertThat(JsonTrees.read(new JsonFactory(), twice).get("version").intValue()).isEqualTo(9);
    }

    @Test
    void malformedJsonIsAParseError() {
        assertThatThrownBy(() -> JsonTrees.read(JsonTrees.STRICT, "{\"a\": [1, 2}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Unexpected close marker '}'");
    }
}
