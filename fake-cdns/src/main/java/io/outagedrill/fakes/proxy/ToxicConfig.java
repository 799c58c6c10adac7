package io.outagedrill.fakes.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A toxic as the control API shows it. {@code attributes} holds every attribute of the type (defaults filled
 * in), in the type's order, so the JSON always has the full set the Java client expects to read back.
 * {@code streamName} is the stream as the client wrote it ({@code "UpStream"}): Toxiproxy parses it without
 * regard to case but shows it, and names a toxic by it, exactly as given.
 */
public record ToxicConfig(String name, String type, StreamDirection stream, double toxicity,
                          Map<String, Number> attributes, String streamName) {
    public ToxicConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(streamName, "streamName");
        if (StreamDirection.parse(streamName) != stream) {
            throw new IllegalArgumentException("stream name " + streamName + " is not " + stream.wireName());
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A toxic whose stream is written in lower case, as Toxiproxy writes it. */
    public ToxicConfig(String name, String type, StreamDirection stream, double toxicity,
                       Map<String, Number> attributes) {
        this(name, type, stream, toxicity, attributes, stream.wireName());
    }

    /** A toxic with Toxiproxy's defaults: named {@code TYPE_STREAM}, toxicity 1. */
    public static ToxicConfig of(String type, StreamDirection stream, Map<String, ? extends Number> attributes) {
        return new ToxicConfig(type + "_" + stream.wireName(), type, stream, 1.0, Map.copyOf(attributes));
    }

    public ToxicConfig named(String newName) {
        return new ToxicConfig(newName, type, stream, toxicity, attributes, streamName);
    }

    public ToxicConfig withToxicity(double newToxicity) {
        return new ToxicConfig(name, type, stream, newToxicity, attributes, streamName);
    }

    ToxicConfig withAttributes(Map<String, Number> newAttributes) {
        return new ToxicConfig(name, type, stream, toxicity, newAttributes, streamName);
    }
}
