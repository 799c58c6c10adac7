package io.outagedrill.fakes.tls;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The encodings against X.690's own examples and values checked with {@code openssl asn1parse}. */
class DerTest {
    private static String hex(byte[] der) {
        return HexFormat.of().formatHex(der);
    }

    @Test
    void objectIdentifiersUseBase128Arcs() {
        assertThat(hex(Der.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
        assertThat(hex(Der.oid("2.5.29.17"))).isEqualTo("0603551d11");
    }

    @Test
    void integersAreMinimalTwosComplement() {
        assertThat(hex(Der.integer(BigInteger.ZERO))).isEqualTo("020100");
        assertThat(hex(Der.integer(BigInteger.valueOf(128)))).isEqualTo("02020080");
    }

    @Test
    void namedBitsDropTrailingZeroBits() {
        assertThat(hex(Der.namedBits(CertificateBuilder.DIGITAL_SIGNATURE))).isEqualTo("03020780");
        assertThat(hex(Der.namedBits(CertificateBuilder.KEY_CERT_SIGN, CertificateBuilder.CRL_SIGN)))
                .isEqualTo("03020106");
    }

    @Test
    void longContentsTakeTheLongLengthForm() {
        assertThat(hex(Der.octetString(new byte[200])).substring(0, 6)).isEqualTo("0481c8");
        assertThat(hex(Der.octetString(new byte[300])).substring(0, 8)).isEqualTo("0482012c");
    }

    @Test
    void timesSwitchToGeneralizedTimeIn2050() {
        assertThat(hex(Der.time(Instant.parse("2049-12-31T23:59:59Z")))).startsWith("170d3439");
        assertThat(hex(Der.time(Instant.parse("2050-01-01T00:00:00Z")))).startsWith("180f32303530");
    }

    @Test
    void timesBefore1950AreGeneralizedTimeAsUtcTimeWouldReadThemAsThe2000s() {
        // UTCTime's two-digit year means 1950 to 2049 (RFC 5280 4.1.2.5.1): "49" is 2049, never 1949.
        assertThat(hex(Der.time(Instant.parse("1949-12-31T23:59:59Z")))).startsWith("180f31393439");
        assertThat(hex(Der.time(Instant.parse("1950-01-01T00:00:00Z")))).startsWith("170d3530");
    }

    @Test
    void certificatesPastTwoThousandFiftyStillParse() {
        Clock later = Clock.fixed(Instant.parse("2070-06-01T00:00:00Z"), ZoneOffset.UTC);
        TestCertificateAuthority ca = TestCertificateAuthority.create(later);
        assertThat(ca.certificate().getNotAfter().toInstant()).isAfter(Instant.parse("2070-06-01T00:00:00Z"));
        assertThat(ca.issue("a.test").leaf().getNotBefore().toInstant()).isBefore(Instant.parse("2070-06-01T00:00:00Z"));
    }
}
