package io.outagedrill.client.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JsonLines} writes each event type's line exactly as the {@code ObjectMapper} it replaced did (the
 * Java-time module, dates as ISO-8601, durations in milliseconds), so the harness and scripts reading
 * {@code --json} see no change. Every event type is covered: a new one with a field type the writer does not know
 * fails here.
 */
class JsonLinesTest {
    /** The mapper {@code JsonLines} used before, and the oracle here. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                @Override
                public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
                        throws IOException {
                    gen.writeNumber(value.toMillis());
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Stream<DownloadEvent> everyEventType() {
        return Arrays.stream(DownloadEvent.class.getPermittedSubclasses()).map(JsonLinesTest::sample);
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void aLineReadsAsTheObjectMapperWroteIt(DownloadEvent event) throws Exception {
        ObjectNode expected = MAPPER.createObjectNode();
        expected.put("event", event.type());
        expected.setAll((ObjectNode) MAPPER.valueToTree(event));
        expected.put("message", event.describe());

        String line = JsonLines.format(event);

        assertThat(line).as("the --json line of %s", event.type()).isEqualTo(MAPPER.writeValueAsString(expected));
        assertThat(JsonLines.parse(line)).as("the line read back")
                .isEqualTo(MAPPER.readTree(MAPPER.writeValueAsString(expected)));
    }

    /** An event of this type with a value of every field's type (the first enum constant, two-element lists). */
    private static DownloadEvent sample(Class<?> type) {
        RecordComponent[] fields = type.getRecordComponents();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = sampleOf(fields[i].getType(), fields[i].getName(), i);
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(fields).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return (DownloadEvent) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("could not make a sample " + type.getSimpleName(), e);
        }
    }

    private static Object sampleOf(Class<?> type, String name, int index) {
        if (type == String.class) {
            return switch (name) {
                case "indicator" -> "major"; // StatusFeedRead.describe switches on it
                case "state" -> "open";
                default -> name + " \"quoted\" \u00e9 " + index;
            };
        }
        if (type == int.class) {
            return 7 + index;
        }
        if (type == long.class) {
            return 3_000_000_000L + index;
        }
        if (type == double.class) {
            return 123456789.25 + index;
        }
        if (type == boolean.class) {
            return index % 2 == 0;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-12-04T15:00:00.123456789Z").plusMillis(index);
        }
        if (type == Duration.class) {
            return Duration.ofMillis(1500 + index);
        }
        if (type == Path.class) {
            return Path.of("/tmp/a folder/video " + index + ".mp4");
        }
        if (type == List.class) {
            return List.of("fastly.test", "b2.test");
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("no sample value for a field of type " + type.getName() + " (" + name + ")");
    }
}
