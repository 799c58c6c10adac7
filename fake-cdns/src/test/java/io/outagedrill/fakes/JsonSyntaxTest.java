package io.outagedrill.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A body that is not JSON is named in plain words with where it broke, never with Jackson's source notes. */
class JsonSyntaxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCutOffObjectSaysWhatWasExpectedAndWhereWithoutTheSourceNote() {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readTree("{\"name\": \"edge\""));

        assertThat(JsonSyntax.words(e)).isEqualTo("Unexpected end-of-input: expected close marker for Object at "
                + "line 1, column 16");
    }

    @Test
    void aWrongTokenKeepsJacksonsWordsForItAndEndsWithTheLine() {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readTree("{\n  \"a\": nope}"));

        assertThat(JsonSyntax.words(e)).startsWith("Unrecognized token 'nope'").endsWith("at line 2, column 8")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("\n");
    }

    @Test
    void aMismatchedValueIsOneLineWithoutTheSourceNote() {
        JacksonException e = catchThrowableOfType(JacksonException.class,
                () -> JSON.readValue("{\"latency\": \"slow\"}", Latency.class));

        assertThat(JsonSyntax.words(e)).contains("Cannot deserialize value of type `int` from String \"slow\"")
                .endsWith("at line 1, column 13").doesNotContain("Source").doesNotContain("\n");
    }

    record Latency(int latency) {
    }
}
