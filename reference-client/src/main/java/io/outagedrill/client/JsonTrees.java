package io.outagedrill.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Jackson trees read and written through jackson-core's streaming parser and generator, without an
 * {@code ObjectMapper}.
 *
 * <p>Why by hand: the client's small JSON files (the manifest, the resume journal, the version memory, status
 * feeds) need nothing but trees, and building the first {@code ObjectMapper} in a process costs 50-80 ms of
 * wall time (its date formats load the JDK's locale data, and its deserializer lookup makes classes at run time),
 * paid on every {@code drill get} before the first request. Jackson itself builds trees this way
 * ({@code JsonNodeDeserializer}); what is left out is what those files never use (binding to classes, coercion
 * settings, embedded objects).
 *
 * <p>Reading differs from {@code ObjectMapper.readTree} in one way, on purpose: anything after the first value
 * is an error ({@code FAIL_ON_TRAILING_TOKENS}), since each of these files holds exactly one value.
 */
public final class JsonTrees {
    /** Duplicate keys refused ({@code STRICT_DUPLICATE_DETECTION}), the parser's other limits at their defaults. */
    public static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * The one JSON value in {@code json}; {@link MissingNode} when there is none (empty or blank input).
     *
     * @throws JsonParseException on malformed JSON, a duplicate key (with a strict factory), a parser limit, or
     *                            anything after the value
     * @throws IOException        when the bytes are in no encoding JSON allows
     */
    public static JsonNode read(JsonFactory factory, byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return read(parser);
        }
    }

    /** {@link #read(JsonFactory, byte[])} for text. */
    public static JsonNode read(JsonFactory factory, String json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return read(parser);
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        JsonNode value = value(parser, first);
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + after + ") found after value",
                    parser.currentTokenLocation()); // where it starts, as ObjectMapper reports it
        }
        return value;
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                    ? NODES.numberNode(parser.getDecimalValue())
                    : NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token (" + token + ")");
        };
    }

    /** {@code tree} as UTF-8 JSON, indented as {@code ObjectMapper}'s {@code INDENT_OUTPUT} indents it. */
    public static byte[] writeIndented(JsonNode tree) {
        return write(tree, true);
    }

    /** {@code tree} as compact UTF-8 JSON. */
    public static byte[] write(JsonNode tree) {
        return write(tree, false);
    }

    private static byte[] write(JsonNode tree, boolean indented) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = STRICT.createGenerator(out)) {
            if (indented) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a tree into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    // By hand: JsonNode.serialize(generator, provider) needs a SerializerProvider, which only an ObjectMapper makes.
    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(out, element);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> out.writeNumber(node.intValue());
                    case LONG -> out.writeNumber(node.longValue());
                    case BIG_INTEGER -> out.writeNumber(node.bigIntegerValue());
                    case BIG_DECIMAL -> out.writeNumber(node.decimalValue());
                    case FLOAT -> out.writeNumber(node.floatValue());
                    default -> out.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            default -> throw new IllegalArgumentException("not a plain JSON value: " + node.getNodeType());
        }
    }
}
