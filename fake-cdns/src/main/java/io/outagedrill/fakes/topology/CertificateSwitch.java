package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.tls.CertificateKind;

/**
 * The TLS handle of one provider: which certificate its server presents. The proxy in front only relays
 * bytes, so the client's handshake meets exactly this certificate. A switch applies to new connections;
 * pooled ones keep the certificate they were made with, as after a real certificate rotation.
 */
public final class CertificateSwitch {
    private final FakeCdn cdn;

    CertificateSwitch(FakeCdn cdn) {
        this.cdn = cdn;
    }

    /** Presents a certificate of {@code kind} from now on (wrong host, expired, self-signed, or valid again). */
    public CertificateSwitch present(CertificateKind kind) {
        cdn.useCertificate(kind);
        return this;
    }

    /** The valid certificate again. */
    public CertificateSwitch restore() {
        return present(CertificateKind.VALID);
    }

    public CertificateKind presenting() {
        return cdn.certificateKind();
    }
}
