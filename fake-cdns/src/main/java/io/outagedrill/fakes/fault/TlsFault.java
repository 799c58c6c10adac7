package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.tls.CertificateKind;

import java.util.Locale;
import java.util.Objects;

/** The certificate the target presents instead of its valid one. */
public record TlsFault(String id, String target, CertificateKind certificate) implements Fault {
    public TlsFault {
        Objects.requireNonNull(id, "id: required");
        Objects.requireNonNull(target, "target: required");
        Objects.requireNonNull(certificate, "certificate: required");
        if (certificate == CertificateKind.VALID) {
            throw new IllegalArgumentException("certificate: a fault presents a bad one, not VALID");
        }
    }

    @Override
    public String kind() {
        return "tls." + certificate.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
