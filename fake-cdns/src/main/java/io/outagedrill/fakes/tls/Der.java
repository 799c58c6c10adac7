package io.outagedrill.fakes.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings (ITU-T X.690) an X.509 v3 certificate needs, each returning one complete element
 * (tag, length, contents). Only encoding: the JDK parses what comes out ({@code CertificateFactory}), so every
 * certificate made here is checked by the same parser a client uses.
 */
final class Der {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /**
     * RFC 5280 §4.1.2.5: UTCTime from 1950 through 2049, GeneralizedTime otherwise (UTCTime's two-digit year
     * cannot say 1949: "49" is 2049).
     */
    private static final Instant UTC_TIME_FROM = Instant.parse("1950-01-01T00:00:00Z");
    private static final Instant GENERALIZED_FROM = Instant.parse("2050-01-01T00:00:00Z");

    private Der() {
    }

    static byte[] sequence(byte[]... elements) {
        return element(0x30, elements);
    }

    static byte[] set(byte[]... elements) {
        return element(0x31, elements);
    }

    static byte[] integer(BigInteger value) {
        return element(0x02, value.toByteArray()); // two's complement, minimal: DER's own rule
    }

    static byte[] bool(boolean value) {
        return element(0x01, new byte[]{(byte) (value ? 0xff : 0x00)});
    }

    static byte[] octetString(byte[] contents) {
        return element(0x04, contents);
    }

    /** A BIT STRING of whole bytes (keys, signatures). */
    static byte[] bitString(byte[] bits) {
        return element(0x03, new byte[]{0}, bits);
    }

    /**
     * A named-bit BIT STRING such as KeyUsage: bit 0 is the first byte's most significant bit, and DER drops
     * trailing zero bits, saying how many bits of the last byte are unused.
     */
    static byte[] namedBits(int... bits) {
        int highest = 0;
        for (int bit : bits) {
            highest = Math.max(highest, bit);
        }
        byte[] value = new byte[highest / 8 + 1];
        for (int bit : bits) {
            value[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return element(0x03, new byte[]{(byte) (7 - highest % 8)}, value);
    }

    static byte[] utf8String(String value) {
        return element(0x0c, value.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime or GeneralizedTime, whichever RFC 5280 asks for at that instant. */
    static byte[] time(Instant instant) {
        boolean generalized = instant.isBefore(UTC_TIME_FROM) || !instant.isBefore(GENERALIZED_FROM);
        String text = (generalized ? GENERALIZED_TIME : UTC_TIME).format(instant);
        return element(generalized ? 0x18 : 0x17, text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return element(0x06, out.toByteArray());
    }

    /** {@code [n] EXPLICIT}: the element wrapped in a constructed context-specific tag. */
    static byte[] explicit(int n, byte[] element) {
        return element(0xa0 | n, element);
    }

    /** {@code [n] IMPLICIT} of a primitive type: its contents under a context-specific tag. */
    static byte[] implicit(int n, byte[] contents) {
        return element(0x80 | n, contents);
    }

    static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            out.write((int) ((value >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
        }
    }
}
