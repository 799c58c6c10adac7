package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A YAML mapping being read into a record, with its JSON pointer, so that every value problem can be
 * reported at its line. Types were already checked by the schema; these checks are the second line, and
 * the value syntaxes (durations, sizes, shares) are parsed here.
 */
final class Fields {
    /** A value that cannot be used; {@code pointer} says which. */
    static final class Bad extends RuntimeException {
        final String pointer;

        Bad(String pointer, String message) {
            super(message, null, false, false);
            this.pointer = pointer;
        }
    }

    /** Ten years. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private final JsonNode node;
    private final String pointer;

    Fields(JsonNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    String pointer() {
        return pointer;
    }

    String pointer(String name) {
        return pointer + "/" + LocatedYaml.escape(name);
    }

    /** The mapping's field names, in file order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private JsonNode required(String name) {
        if (!has(name)) {
            throw new Bad(pointer, "missing required field \"" + name + "\"");
        }
        return node.get(name);
    }

    Fields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw new Bad(pointer(name), "expected a mapping, saw " + value);
        }
        return new Fields(value, pointer(name));
    }

    /** The list's items as mappings; empty when absent. */
    List<Fields> objects(String name) {
        List<Fields> items = new ArrayList<>();
        if (has(name)) {
            JsonNode list = node.get(name);
            for (int i = 0; i < list.size(); i++) {
                items.add(new Fields(list.get(i), pointer(name) + "/" + i));
            }
        }
        return items;
    }

    <T> List<T> list(String name, Function<Fields, T> reader) {
        return objects(name).stream().map(reader).toList();
    }

    List<String> strings(String name) {
        List<String> items = new ArrayList<>();
        if (has(name)) {
            node.get(name).forEach(item -> items.add(item.asText()));
        }
        return items;
    }

    JsonNode rawObject(String name) {
        return object(name).node;
    }

    boolean rawIsText(String name) {
        return has(name) && node.get(name).isTextual();
    }

    String text(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw new Bad(pointer(name), "expected a string, saw " + value);
        }
        return value.asText();
    }

    String text(String name, String otherwise) {
        return has(name) ? text(name) : otherwise;
    }

    long integer(String name) {
        JsonNode value = required(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Bad(pointer(name), "expected an integer, saw " + value);
        }
        return value.asLong();
    }

    long integer(String name, long otherwise) {
        return has(name) ? integer(name) : otherwise;
    }

    Long integerOrNull(String name) {
        return has(name) ? integer(name) : null;
    }

    /** An integer the model keeps as an {@code int}: one beyond its range is this field's error, not a crash. */
    int smallInteger(String name) {
        long value = integer(name);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw saw(name, value > 0 ? "expected an integer of at most " + Integer.MAX_VALUE
                    : "expected an integer of at least " + Integer.MIN_VALUE);
        }
        return (int) value;
    }

    int smallInteger(String name, int otherwise) {
        return has(name) ? smallInteger(name) : otherwise;
    }

    Integer smallIntegerOrNull(String name) {
        return has(name) ? smallInteger(name) : null;
    }

    double number(String name, double otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        JsonNode value = node.get(name);
        if (!value.isNumber()) {
            throw new Bad(pointer(name), "expected a number, saw " + value);
        }
        return value.asDouble();
    }

    boolean bool(String name, boolean otherwise) {
        return has(name) ? node.get(name).asBoolean() : otherwise;
    }

    /**
     * At most {@link #MAX_DURATION}: far beyond any outage, and small enough that a scenario's times, added up and
     * turned into nanoseconds of wall time, can never overflow.
     */
    Duration duration(String name) {
        Duration duration = parse(name, Values.EXPECTED_DURATION, Values::duration);
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw saw(name, "expected a duration of at most " + MAX_DURATION.toHours() + "h (ten years)");
        }
        return duration;
    }

    Duration duration(String name, Duration otherwise) {
        return has(name) ? duration(name) : otherwise;
    }

    /** A duration the model keeps in milliseconds. */
    long millis(String name) {
        return duration(name).toMillis();
    }

    long millis(String name, Duration otherwise) {
        return has(name) ? millis(name) : otherwise.toMillis();
    }

    /** A duration the model keeps in whole seconds as an {@code int} (an HTTP Retry-After); fits, being capped. */
    int smallSeconds(String name) {
        Duration duration = duration(name);
        if (duration.getNano() != 0) {
            // Cut to whole seconds, 500ms would be sent as "Retry-After: 0" and 1500ms as 1.
            throw saw(name, "expected whole seconds (it is sent as an HTTP Retry-After, which counts seconds), "
                    + "such as 5s or 1m");
        }
        return Math.toIntExact(duration.getSeconds());
    }

    long size(String name) {
        JsonNode value = required(name);
        if (value.isIntegralNumber() && value.asLong() >= 0) {
            return value.asLong();
        }
        return parse(name, Values.EXPECTED_SIZE, Values::size);
    }

    /** A size the model keeps as an {@code int} (a buffer's length). */
    int smallSize(String name) {
        long bytes = size(name);
        if (bytes > Integer.MAX_VALUE) {
            throw saw(name, "expected a size of at most " + Integer.MAX_VALUE + " bytes (2GiB less one byte)");
        }
        return (int) bytes;
    }

    long size(String name, long otherwise) {
        return has(name) ? size(name) : otherwise;
    }

    Long sizeOrNull(String name) {
        return has(name) ? size(name) : null;
    }

    double fraction(String name) {
        JsonNode value = required(name);
        Object raw = value.isNumber() ? value.numberValue() : value.asText();
        return Values.fraction(raw).orElseThrow(() -> saw(name, Values.EXPECTED_FRACTION));
    }

    Double fractionOrNull(String name) {
        return has(name) ? fraction(name) : null;
    }

    private <T> T parse(String name, String expected, Function<String, Optional<T>> parser) {
        JsonNode value = required(name);
        return (value.isTextual() ? parser.apply(value.asText()) : Optional.<T>empty())
                .orElseThrow(() -> saw(name, expected));
    }

    Bad saw(String name, String expected) {
        return new Bad(pointer(name), expected + ", saw " + node.get(name));
    }
}
