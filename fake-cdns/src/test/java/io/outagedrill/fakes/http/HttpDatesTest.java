package io.outagedrill.fakes.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Year;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 §5.6.7: a recipient reads all three date forms; a sender writes IMF-fixdate only. */
class HttpDatesTest {
    static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void readsTheThreeFormsOfTheSameInstant() {
        for (String form : new String[]{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                "Sun Nov  6 08:49:37 1994", "Wed Nov 16 08:49:37 1994"}) {
            Instant expected = form.contains("16") ? RFC_EXAMPLE.plusSeconds(10 * 86_400) : RFC_EXAMPLE;
            assertThat(HttpDates.parse(form, Year.of(2026))).as(form).hasValue(expected);
        }
        assertThat(HttpDates.format(RFC_EXAMPLE)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void aTwoDigitYearMoreThanFiftyYearsAheadIsInThePast() {
        assertThat(HttpDates.parse("Wednesday, 04-Mar-76 05:06:07 GMT", Year.of(2026)))
                .as("2076 is 50 years ahead: still the future").hasValue(Instant.parse("2076-03-04T05:06:07Z"));
        assertThat(HttpDates.parse("Friday, 04-Mar-77 05:06:07 GMT", Year.of(2026)))
                .as("2077 would be 51 years ahead: 1977").hasValue(Instant.parse("1977-03-04T05:06:07Z"));
    }

    @Test
    void somethingElseIsNoDate() {
        for (String text : new String[]{"yesterday", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37",
                "Mon, 06 Nov 1994 08:49:37 GMT"}) {
            assertThat(HttpDates.parse(text, Year.of(2026))).as(text).isEmpty();
        }
    }
}
