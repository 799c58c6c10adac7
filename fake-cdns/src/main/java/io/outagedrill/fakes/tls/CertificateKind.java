package io.outagedrill.fakes.tls;

/** Which server certificate a fake presents: the good one, or one a correct client must refuse. */
public enum CertificateKind {
    /** Issued by the test CA for the server's own host names, valid now. */
    VALID,
    /** Issued by the test CA, valid now, but for {@value TestCertificateAuthority#WRONG_HOST} only. */
    WRONG_HOST,
    /** Issued by the test CA for the right names, but its validity ended a day ago. */
    EXPIRED,
    /** For the right names and valid now, but signed by its own key: no trusted CA vouches for it. */
    SELF_SIGNED
}
