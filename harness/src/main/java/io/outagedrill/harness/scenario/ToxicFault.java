package io.outagedrill.harness.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TCP-level fault in the provider's fault proxy. Attribute names and units are Toxiproxy's, verbatim
 * (see ../shared/reference/toxiproxy.md), so {@link #type()} and {@link #attributes()} go to the proxy's
 * API unchanged. {@link Down} is the proxy's {@code enabled: false}, not a toxic.
 */
public sealed interface ToxicFault extends Fault {
    Stream stream();

    /** Toxiproxy's toxicity: the chance in [0, 1] that a connection is affected. */
    double toxicity();

    /** Toxiproxy's type name, e.g. {@code slow_close}. */
    default String type() {
        return kind().substring("toxic.".length());
    }

    /** The toxic's attributes as Toxiproxy names them. */
    Map<String, Number> attributes();

    enum Stream {
        /** client to server */
        UPSTREAM,
        /** server to client (Toxiproxy's default) */
        DOWNSTREAM
    }

    record Latency(String id, String target, Stream stream, double toxicity, long latency, long jitter)
            implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("latency", latency, "jitter", jitter);
        }
    }

    /** @param rate KB/s, 1 KB = 1000 bytes; 0 stalls the stream */
    record Bandwidth(String id, String target, Stream stream, double toxicity, long rate) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("rate", rate);
        }
    }

    record SlowClose(String id, String target, Stream stream, double toxicity, long delay) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("delay", delay);
        }
    }

    /** @param timeout ms until the connection closes; 0 = never (a blackhole) */
    record Timeout(String id, String target, Stream stream, double toxicity, long timeout) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("timeout", timeout);
        }
    }

    record ResetPeer(String id, String target, Stream stream, double toxicity, long timeout) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("timeout", timeout);
        }
    }

    /** @param delay MICROseconds between slices (Toxiproxy's unit for this toxic) */
    record Slicer(String id, String target, Stream stream, double toxicity, long averageSize, long sizeVariation,
                  long delay) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("average_size", averageSize, "size_variation", sizeVariation, "delay", delay);
        }
    }

    record LimitData(String id, String target, Stream stream, double toxicity, long bytes) implements ToxicFault {
        public Map<String, Number> attributes() {
            return Map.of("bytes", bytes);
        }
    }

    /**
     * The embedded proxy's {@code corrupt} extension (a real Toxiproxy refuses it).
     *
     * @param seed null: derived from the scenario seed and the fault id, so runs repeat
     */
    record Corrupt(String id, String target, Stream stream, double toxicity, double probability, long offset,
                   long length, Long seed) implements ToxicFault {
        public Map<String, Number> attributes() {
            Map<String, Number> attributes = new LinkedHashMap<>();
            attributes.put("probability", probability);
            attributes.put("offset", offset);
            attributes.put("length", length);
            if (seed != null) {
                attributes.put("seed", seed);
            }
            return attributes;
        }
    }

    /** The proxy disabled: its listener closes and open connections are cut (connection refused after). */
    record Down(String id, String target) implements ToxicFault {
        public Stream stream() {
            return Stream.DOWNSTREAM;
        }

        public double toxicity() {
            return 1;
        }

        public Map<String, Number> attributes() {
            return Map.of();
        }
    }
}
