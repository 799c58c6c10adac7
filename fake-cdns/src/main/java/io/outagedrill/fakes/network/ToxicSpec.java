package io.outagedrill.fakes.network;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Locale;

/**
 * A toxic as Toxiproxy's API describes it. Nothing here checks the type or the attributes: the proxy does, as it
 * does for any Toxiproxy client, so a type or attribute only the proxy knows (the embedded proxy's {@code corrupt})
 * passes through unchanged, and a mistake comes back as the proxy's own error ({@link NetworkFaultException}).
 *
 * @param name       unique on the link; the handle to remove it by
 * @param type       Toxiproxy's type name: {@code latency}, {@code bandwidth}, {@code slow_close}, {@code timeout},
 *                   {@code reset_peer}, {@code slicer}, {@code limit_data}, or an extension such as {@code corrupt}
 * @param stream     which way the bytes it bites flow
 * @param toxicity   the chance in [0, 1] that a connection is affected
 * @param attributes the type's attributes under Toxiproxy's names and units; ones left out take the proxy's defaults
 */
public record ToxicSpec(String name, String type, Stream stream, double toxicity, Map<String, Number> attributes) {
    /** The embedded proxy's extension: bit flips in a window of the stream (a real Toxiproxy refuses the type). */
    public static final String CORRUPT = "corrupt";

    /** Toxiproxy's stream names: {@code upstream} is client to server, {@code downstream} server to client. */
    public enum Stream {
        UPSTREAM,
        DOWNSTREAM;

        /** Lower case, as on the wire (and in scenario files and the admin API's JSON). */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ToxicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        // Insertion order kept: it is the order the proxy's answer and a report show.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
    }

    /** A toxic that affects every connection (toxicity 1, Toxiproxy's default). */
    public static ToxicSpec of(String name, String type, Stream stream, Map<String, ? extends Number> attributes) {
        return new ToxicSpec(name, type, stream, 1.0, new LinkedHashMap<String, Number>(attributes));
    }

    public ToxicSpec withToxicity(double value) {
        return new ToxicSpec(name, type, stream, value, attributes);
    }

    @Override
    public String toString() {
        return type + " toxic '" + name + "' (" + stream.wireName() + ", toxicity " + toxicity + ", " + attributes + ")";
    }
}
