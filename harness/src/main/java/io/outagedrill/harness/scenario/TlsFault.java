package io.outagedrill.harness.scenario;

/** The certificate the target presents instead of its valid one (fake-cdns' {@code CertificateKind}). */
public sealed interface TlsFault extends Fault {
    record WrongHost(String id, String target) implements TlsFault {
    }

    record Expired(String id, String target) implements TlsFault {
    }

    record SelfSigned(String id, String target) implements TlsFault {
    }
}
