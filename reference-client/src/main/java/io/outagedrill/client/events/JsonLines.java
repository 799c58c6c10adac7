package io.outagedrill.client.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.JsonTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code --json}: one JSON object per event per line, {@code {"event":"chunk-rejected","at":"...",...}} with the
 * record's fields in their declared order, durations in milliseconds, times as ISO-8601, paths as {@code file:}
 * URIs, and {@code "message"}, the plain words of {@link DownloadEvent#describe()}, last (or in the place of a
 * field of that name). This is what the harness reads from a client it runs as a separate process;
 * {@link #parse} reads a line back.
 *
 * <p>Written field by field through jackson-core's generator, by hand: an {@code ObjectMapper} that maps the event
 * records (with its Java-time module) cost every {@code drill get --json} about 150 ms before its first request
 * (bean introspection and the classes it makes at run time; docs/benchmarks.md, "The eighth round"). The events
 * hold a handful of field types, all handled below; {@code JsonLinesTest} checks every event type's line against
 * what that mapper wrote.
 */
public final class JsonLines implements DownloadListener {
    private static final JsonFactory JSON = new JsonFactory();

    private final PrintStream out;

    public JsonLines(PrintStream out) {
        this.out = out;
    }

    /** The event as one line of JSON, without the newline. */
    public static String format(DownloadEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("event", event.type());
            boolean described = false;
            for (RecordComponent field : event.getClass().getRecordComponents()) {
                json.writeFieldName(field.getName());
                if (field.getName().equals("message")) { // a field of that name gives way to the plain words
                    json.writeString(event.describe());
                    described = true;
                } else {
                    value(json, read(field, event));
                }
            }
            if (!described) {
                json.writeStringField("message", event.describe());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing into memory cannot fail", e);
        }
        return line.toString();
    }

    private static Object read(RecordComponent field, DownloadEvent event) {
        try {
            return field.getAccessor().invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading " + field + " of " + event.type(), e);
        }
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Long number -> json.writeNumber(number);
            case Double number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Instant instant -> json.writeString(instant.toString()); // ISO-8601, as ISO_INSTANT prints it
            case Duration duration -> json.writeNumber(duration.toMillis());
            case Path path -> json.writeString(path.toUri().toString());
            case Enum<?> constant -> json.writeString(constant.name());
            case List<?> list -> {
                json.writeStartArray();
                for (Object element : list) {
                    value(json, element);
                }
                json.writeEndArray();
            }
            default -> throw new IllegalArgumentException(
                    "an event field of a type JsonLines does not write: " + value.getClass().getName());
        }
    }

    /** Reads a line written by {@link #format} as a tree (the harness maps what it needs). */
    public static JsonNode parse(String line) throws IOException {
        return JsonTrees.read(JSON, line);
    }

    @Override
    public void on(DownloadEvent event) {
        String line = format(event);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
