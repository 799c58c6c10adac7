package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"4096, 4096", "'10 GiB', 10737418240", "10gib, 10737418240", "500MB, 500000000",
            "1.5TiB, 1649267441664", "64 KiB, 65536", "12 bytes, 12", "1b, 1", "2 TB, 2000000000000"})
    void readsSizesAsPeopleWriteThem(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @Test
    void anUnknownUnitSaysWhatWasExpectedAndWhatWasSeen() {
        assertThatThrownBy(() -> ByteSize.parse("10 XB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a size such as 500MiB, 10GiB or 1.5TB (units: B, KB, KiB, MB, MiB, GB, GiB, "
                        + "TB, TiB), saw '10 XB'");
        assertThatThrownBy(() -> ByteSize.parse("-1GiB")).hasMessageContaining("saw '-1GiB'");
        assertThatThrownBy(() -> ByteSize.parse("99999999TiB")).hasMessageContaining("more bytes than any disk");
        assertThatThrownBy(() -> ByteSize.parse("99999999999999999999")).as("more digits than a long holds")
                .hasMessageContaining("more bytes than any disk");
        assertThatThrownBy(() -> ByteSize.parse("9999999999.5TiB")).as("a fraction, too large")
                .hasMessageContaining("more bytes than any disk");
    }

    @Test
    void aFractionOfAByteIsRefusedNotRounded() {
        assertThat(ByteSize.parse("1.5GiB")).isEqualTo(1610612736L);
        assertThatThrownBy(() -> ByteSize.parse("1.0000001KB"))
                .hasMessage("expected a whole number of bytes, saw '1.0000001KB' (1000.0001000 bytes)");
    }

    @ParameterizedTest
    @CsvSource({"0, 0 bytes", "1, 1 byte", "1023, 1023 bytes", "1024, 1.0 KiB", "1536, 1.5 KiB",
            "1048575, 1.0 MiB", "10737418240, 10.0 GiB", "1503238553, 1.4 GiB"})
    void printsSizesInPlainWords(long bytes, String text) {
        assertThat(ByteSize.format(bytes)).isEqualTo(text);
    }
}
