package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus the line and column of every value and every key, by JSON
 * pointer.
 *
 * <p>Hand-written because nothing off the shelf joins the two: the schema validator reports JSON pointers
 * without positions, and Jackson's tree ({@code readTree}) drops the token positions its YAML parser knows.
 * Building the tree ourselves from the token stream keeps both, and is also where duplicate keys are caught
 * (YAML forbids them, but parsers silently keep the last one), and aliases ({@code *name}), which Jackson's
 * parser gives as their anchor's name, are refused.
 */
final class LocatedYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    /** A 1-based position in the file. */
    record Position(int line, int column) {
        static Position of(JsonLocation location) {
            return new Position(location.getLineNr(), location.getColumnNr());
        }
    }

    /** Thrown for YAML that cannot be read; carries where. */
    static final class SyntaxError extends Exception {
        final Position position;
        final String pointer;

        SyntaxError(String message, Position position, String pointer) {
            super(message);
            this.position = position;
            this.pointer = pointer;
        }
    }

    private final JsonNode root;
    private final Map<String, Position> values;
    private final Map<String, Position> keys;

    private LocatedYaml(JsonNode root, Map<String, Position> values, Map<String, Position> keys) {
        this.root = root;
        this.values = values;
        this.keys = keys;
    }

    JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} starts, else the nearest enclosing value that has a position. */
    Position valueAt(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Position position = values.get(p);
            if (position != null || p.isEmpty()) {
                return position == null ? new Position(1, 1) : position;
            }
        }
    }

    /** Where the key naming {@code pointer} is written (better than the value for "unknown field"). */
    Position keyAt(String pointer) {
        Position position = keys.get(pointer);
        return position != null ? position : valueAt(pointer);
    }

    static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    static LocatedYaml parse(String text) throws SyntaxError {
        Map<String, Position> values = new HashMap<>();
        Map<String, Position> keys = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw new SyntaxError("the file is empty; expected a scenario (a YAML mapping)", new Position(1, 1),
                            "");
                }
                JsonNode root = read(parser, "", values, keys);
                if (parser.nextToken() != null) {
                    throw new SyntaxError("expected one YAML document, found more",
                            Position.of(parser.currentTokenLocation()), "");
                }
                return new LocatedYaml(root, values, keys);
            } catch (StreamConstraintsException e) {
                // Jackson's own limits carry no location, and name its API (StreamReadConstraints); the parser
                // still knows where it stopped: for the nesting depth, at the value one level too deep.
                throw new SyntaxError(tooMuch(e), Position.of(parser.currentLocation()), "");
            }
        } catch (JsonProcessingException e) {
            throw new SyntaxError("YAML syntax error: " + describe(e), where(e), "");
        } catch (IOException e) {
            throw new SyntaxError("cannot read YAML: " + e.getMessage(), new Position(0, 0), "");
        }
    }

    private static JsonNode read(JsonParser parser, String pointer, Map<String, Position> values,
                                 Map<String, Position> keys) throws IOException, SyntaxError {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        values.put(pointer, Position.of(parser.currentTokenLocation()));
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands an alias over as its anchor's name, a string: "compress: *fast" would read as "fast"
            // and fail, if at all, as a wrong value the user never wrote.
            throw new SyntaxError("YAML aliases are not supported in scenario files: write out the value of *"
                    + parser.getText() + " here", Position.of(parser.currentTokenLocation()), pointer);
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = pointer + "/" + escape(name);
                    Position keyPosition = Position.of(parser.currentTokenLocation());
                    if (object.has(name)) {
                        throw new SyntaxError("duplicate key \"" + name + "\" (first at line "
                                + keys.get(child).line() + ")", keyPosition, child);
                    }
                    keys.put(child, keyPosition);
                    parser.nextToken();
                    object.set(name, read(parser, child, values, keys));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + array.size(), values, keys));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> nodes.textNode(parser.getText());
        };
    }

    /**
     * Where SnakeYAML found the problem: its problem mark (the tab, the stray {@code -}, the end of the file where a
     * quote was never closed). Jackson's own location is where its last token ended, often the line before.
     */
    private static Position where(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark problem = marked.getProblemMark();
            return new Position(problem.getLine() + 1, problem.getColumn() + 1);
        }
        JsonLocation location = e.getLocation();
        return location == null ? new Position(0, 0) : Position.of(location);
    }

    /** SnakeYAML's problem in one line, with where the construct it was reading began. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext();
            Mark start = marked.getContextMark();
            return marked.getProblem() + (context == null || start == null ? ""
                    : " (" + context + " that began at line " + (start.getLine() + 1) + ", column "
                    + (start.getColumn() + 1) + ")");
        }
        return e.getOriginalMessage().strip().lines().findFirst().orElse("");
    }

    /** A limit of Jackson's ({@code StreamReadConstraints}) in the words of a scenario file. */
    private static String tooMuch(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Document nesting depth")) {
            return "YAML nested too deep: more than " + YAML.streamReadConstraints().getMaxNestingDepth()
                    + " mappings and lists inside each other here (a scenario needs fewer than 10)";
        }
        return "YAML limit exceeded: " + message.replaceAll(", from `[^`]*`", "");
    }

    /** RFC 6901: {@code ~} and {@code /} in a key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
