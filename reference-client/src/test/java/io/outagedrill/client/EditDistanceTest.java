package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The edit distance behind every "did you mean". */
class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("same", "same")).isZero();
        assertThat(EditDistance.between("runn", "run")).as("one deletion").isEqualTo(1);
        assertThat(EditDistance.between("sgn", "sign")).as("one insertion").isEqualTo(1);
        assertThat(EditDistance.between("kitten", "sitting")).as("two substitutions and an insertion").isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("bogus", "topology")).as("far apart").isGreaterThan(2);
    }

    @Test
    void aSlipIsCloseWithinAThirdOfTheWordAndNeverMoreThanTwoEdits() {
        assertThat(EditDistance.close("gte", "get")).as("two edits in a three-letter word").isFalse();
        assertThat(EditDistance.close("gt", "get")).as("one edit is always allowed").isTrue();
        assertThat(EditDistance.close("mirors", "mirrors")).as("one edit in seven letters").isTrue();
        assertThat(EditDistance.close("topolgoy", "topology")).as("two edits in eight letters").isTrue();
        assertThat(EditDistance.close("expectatoinz", "expectations"))
                .as("three edits, even in twelve letters").isFalse();
    }

    @Test
    void theClosestWordIsTheNearestOneThatIsClose() {
        assertThat(EditDistance.closest("{url}", java.util.List.of("{output}", "{urls}", "{url_list}")))
                .contains("{urls}");
        assertThat(EditDistance.closest("bogus", java.util.List.of("run", "topology", "get"))).isEmpty();
    }
}
