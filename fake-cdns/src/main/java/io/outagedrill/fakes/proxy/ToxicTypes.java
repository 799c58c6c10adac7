package io.outagedrill.fakes.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The toxic types this server knows, each with its attributes (names, kinds, defaults, in the order the JSON
 * shows them) and how to build it. Toxiproxy's types plus the {@code corrupt} extension.
 */
final class ToxicTypes {
    private enum Kind { INTEGER, DECIMAL }

    private record Attribute(String name, Kind kind, Number defaultValue) {
    }

    private record Type(List<Attribute> attributes, Function<Map<String, Number>, Toxic> factory) {
    }

    private static final Map<String, Type> TYPES = Map.of(
            "latency", new Type(List.of(integer("latency"), integer("jitter")),
                    a -> new LatencyToxic(l(a, "latency"), l(a, "jitter"))),
            "bandwidth", new Type(List.of(integer("rate")), a -> new BandwidthToxic(l(a, "rate"))),
            "slow_close", new Type(List.of(integer("delay")), a -> new SlowCloseToxic(l(a, "delay"))),
            "timeout", new Type(List.of(integer("timeout")), a -> new TimeoutToxic(l(a, "timeout"))),
            "reset_peer", new Type(List.of(integer("timeout")), a -> new ResetPeerToxic(l(a, "timeout"))),
            "slicer", new Type(List.of(integer("average_size"), integer("size_variation"), integer("delay")),
                    a -> new SlicerToxic(clampToInt(l(a, "average_size")), clampToInt(l(a, "size_variation")),
                            l(a, "delay"))),
            "limit_data", new Type(List.of(integer("bytes")), a -> new LimitDataToxic(l(a, "bytes"))),
            "noop", new Type(List.of(), a -> new NoopToxic()),
            CorruptToxics.TYPE, new Type(
                    List.of(new Attribute("probability", Kind.DECIMAL, 1.0), integer("offset"), integer("length"),
                            integer("seed")),
                    a -> new CorruptToxic(a.get("probability").doubleValue(), l(a, "offset"), l(a, "length"),
                            l(a, "seed"))));

    private ToxicTypes() {
    }

    /** The attribute names of {@code type}, in the order the JSON shows them; empty for a type this server lacks. */
    static java.util.Optional<List<String>> attributeNames(String type) {
        Type known = type == null ? null : TYPES.get(type);
        return java.util.Optional.ofNullable(known)
                .map(t -> t.attributes().stream().map(Attribute::name).toList());
    }

    static boolean isKnown(String type) {
        return type != null && TYPES.containsKey(type);
    }

    /**
     * Every attribute of the type at its default. The corrupt toxic's seed defaults to a fresh draw, so that
     * reading the toxic back tells how to reproduce what it did. The draw keeps to 53 bits: clients that read
     * JSON numbers as doubles (JavaScript's, so toxiproxy-node-client; jq) would read a larger seed back rounded,
     * and replay other corruption.
     */
    static Map<String, Number> defaults(String type, Random seeds) {
        Map<String, Number> values = new LinkedHashMap<>();
        for (Attribute attribute : type(type).attributes()) {
            values.put(attribute.name(), attribute.defaultValue());
        }
        if (CorruptToxics.TYPE.equals(type)) {
            synchronized (seeds) {
                values.put("seed", seeds.nextLong() >>> (Long.SIZE - 53));
            }
        }
        return values;
    }

    /** The current attributes with the known ones in {@code patch} written over them; unknown ones are ignored. */
    static Map<String, Number> merge(String type, Map<String, Number> current, JsonNode patch) {
        if (patch == null || patch.isNull() || patch.isMissingNode()) {
            return current;
        }
        if (!patch.isObject()) {
            throw ApiException.badRequestBody("attributes must be an object");
        }
        Map<String, Number> merged = new LinkedHashMap<>(current);
        for (Attribute attribute : type(type).attributes()) {
            JsonNode value = patch.get(attribute.name());
            if (value == null || value.isNull()) {
                continue;
            }
            if (attribute.kind() == Kind.INTEGER) {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw ApiException.badRequestBody(
                            "attribute " + attribute.name() + " must be an integer, got " + value);
                }
                merged.put(attribute.name(), value.longValue());
            } else {
                if (!value.isNumber()) {
                    throw ApiException.badRequestBody("attribute " + attribute.name() + " must be a number, got " + value);
                }
                merged.put(attribute.name(), value.doubleValue());
            }
        }
        return merged;
    }

    /** Fills in defaults for attributes a Java caller left out, and checks the values. */
    static Map<String, Number> complete(String type, Map<String, Number> given, Random seeds) {
        Map<String, Number> values = defaults(type, seeds);
        for (Attribute attribute : type(type).attributes()) {
            Number value = given.get(attribute.name());
            if (value == null) {
                continue;
            }
            // Not a ternary: that would promote the long to a double.
            if (attribute.kind() == Kind.INTEGER) {
                values.put(attribute.name(), value.longValue());
            } else {
                values.put(attribute.name(), value.doubleValue());
            }
        }
        return values;
    }

    static Toxic build(ToxicConfig config) {
        Map<String, Number> attributes = config.attributes();
        if (CorruptToxics.TYPE.equals(config.type())) {
            double probability = attributes.get("probability").doubleValue();
            if (!(probability >= 0 && probability <= 1)) {
                throw ApiException.badRequestBody("probability must be between 0 and 1, got " + probability);
            }
            if (l(attributes, "offset") < 0 || l(attributes, "length") < 0) {
                throw ApiException.badRequestBody("offset and length must not be negative");
            }
        }
        return type(config.type()).factory().apply(attributes);
    }

    private static Type type(String name) {
        Type type = name == null ? null : TYPES.get(name);
        if (type == null) {
            throw new ApiException(400, "invalid toxic type");
        }
        return type;
    }

    private static Attribute integer(String name) {
        return new Attribute(name, Kind.INTEGER, 0L);
    }

    private static long l(Map<String, Number> attributes, String name) {
        return attributes.get(name).longValue();
    }

    private static int clampToInt(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE / 4, value));
    }
}
