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
}
