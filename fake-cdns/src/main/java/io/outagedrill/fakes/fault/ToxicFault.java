package io.outagedrill.fakes.fault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.outagedrill.fakes.network.ToxicSpec.Stream;
import io.outagedrill.fakes.proxy.ToxicAttributes;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Toxiproxy toxic on the target's proxy, passed through as any Toxiproxy client sends it: {@code type},
 * {@code stream}, {@code toxicity} and {@code attributes} with Toxiproxy's names and units. The proxy validates it
 * (type known, attributes numeric); attributes left out take the proxy's defaults. The embedded proxy also knows
 * {@code corrupt}, whose {@code seed}, when left out, is derived from the world's seed and the fault id so that runs
 * repeat.
 *
 * @param toxicity the chance in [0, 1] that a connection is affected
 */
public record ToxicFault(String id, String target, String type, Stream stream, double toxicity,
                         Map<String, Number> attributes) implements NetworkFault {

    public ToxicFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(type, "type: required");
        Objects.requireNonNull(stream, "stream: required");
        if (!(toxicity >= 0 && toxicity <= 1)) {
            throw new IllegalArgumentException("toxicity must be in [0, 1], was " + toxicity);
        }
        Map<String, Number> normalized = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, value) -> normalized.put(name, normalized(value)));
            // The proxy would ignore a name it does not know and use the type's default: a misspelt "rat" of a
            // bandwidth toxic installed rate 0, a blackhole where a slow link was meant.
            List<String> known = ToxicAttributes.of(type).orElse(null); // null: a type the proxy itself refuses
            for (String name : normalized.keySet()) {
                if (known != null && !known.contains(name)) {
                    throw new IllegalArgumentException("attributes.%s: unknown attribute of a %s toxic; known: %s"
                            .formatted(name, type, known));
                }
            }
        }
        attributes = Collections.unmodifiableMap(normalized);
    }

    /** Whole numbers as Long, others as Double, so a fault read from JSON equals the one written. */
    private static Number normalized(Number value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("attributes: a value is missing");
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big -> big.longValueExact();
            case Long l -> l;
            default -> value.doubleValue();
        };
    }

    /** JSON: {@code stream} defaults to downstream, {@code toxicity} to 1, as in Toxiproxy. */
    @JsonCreator
    static ToxicFault fromJson(@JsonProperty("id") String id, @JsonProperty("target") String target,
                               @JsonProperty("type") String type, @JsonProperty("stream") Stream stream,
                               @JsonProperty("toxicity") Double toxicity,
                               @JsonProperty("attributes") Map<String, Number> attributes) {
        return new ToxicFault(id, target, type, stream == null ? Stream.DOWNSTREAM : stream,
                toxicity == null ? 1.0 : toxicity, attributes);
    }

    @Override
    public String kind() {
        return "toxic." + type;
    }
}
