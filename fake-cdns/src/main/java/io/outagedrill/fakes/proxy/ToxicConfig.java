package io.outagedrill.fakes.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A toxic as the control API shows it. {@code attributes} holds every attribute of the type (defaults filled
 * in), in the type's order, so the JSON always has the full set the Java client expects to read back.
 */
public record ToxicConfig(String name, String type, StreamDirection stream, double toxicity,
                          Map<String, Number> attributes) {
    public ToxicConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A toxic with Toxiproxy's defaults: named {@code TYPE_STREAM}, toxicity 1. */
    public static ToxicConfig of(String type, StreamDirection stream, Map<String, ? extends Number> attributes) {
        return new ToxicConfig(type + "_" + stream.wireName(), type, stream, 1.0, Map.copyOf(attributes));
    }

    public ToxicConfig named(String newName) {
        return new ToxicConfig(newName, type, stream, toxicity, attributes);
    }

    public ToxicConfig withToxicity(double newToxicity) {
        return new ToxicConfig(name, type, stream, newToxicity, attributes);
    }

    ToxicConfig withAttributes(Map<String, Number> newAttributes) {
        return new ToxicConfig(name, type, stream, toxicity, newAttributes);
    }
}
