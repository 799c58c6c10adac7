package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "60s, PT1M", "5m, PT5M", "2h, PT2H", "1d, PT24H", "1h30m, PT1H30M",
            "2m30s, PT2M30S", "' 90S ', PT1M30S", "PT1M, PT1M", "0s, PT0S"})
    void readsDurationsAsPeopleTypeThem(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"60", "5 min", "-5s", "PT-1S", "s", "", "99999999999999999999s"})
    void refusesWhatItCannotReadWithoutGuessing(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"PT0.25S, 250 ms", "PT1.5S, 1.5 s", "PT30S, 30 s", "PT5M, 5 min", "PT1H30M, 1 h 30 min",
            "PT24H, 24 h", "PT2M5S, 2 min 5 s", "PT1M30.5S, 1 min 30.5 s", "PT1H0.25S, 1 h 0.25 s"})
    void wordsADurationAsAPersonSaysIt(Duration duration, String said) {
        assertThat(Durations.words(duration)).isEqualTo(said);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1.5S, 1s500ms", "PT1M30S, 1m30s", "PT1H30M, 1h30m",
            "PT36H, 36h", "PT1H0.001S, 1h1ms"})
    void writesADurationBackInTheGrammarItIsReadIn(Duration duration, String written) {
        assertThat(Durations.notation(duration)).isEqualTo(written);
        assertThat(Durations.parse(written)).as("%s read back", written).isEqualTo(duration);
    }
}
