package io.outagedrill.client.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * {@code --json}: one JSON object per event per line, {@code {"event":"chunk-rejected","at":"...",...}} with the
 * record's fields, durations in milliseconds and times as ISO-8601. This is what the harness reads from a
 * client it runs as a separate process; {@link #parse} reads a line back.
 */
public final class JsonLines implements DownloadListener {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(Duration.class, new MillisSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PrintStream out;

    public JsonLines(PrintStream out) {
        this.out = out;
    }

    /** The event as one line of JSON, without the newline. */
    public static String format(DownloadEvent event) {
        ObjectNode node = JSON.valueToTree(event);
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event.type());
        line.setAll(node);
        line.put("message", event.describe());
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a line written by {@link #format} as a tree (the harness maps what it needs). */
    public static JsonNode parse(String line) throws IOException {
        return JSON.readTree(line);
    }

    @Override
    public void on(DownloadEvent event) {
        String line = format(event);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static final class MillisSerializer extends StdSerializer<Duration> {
        MillisSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toMillis());
        }
    }
}
