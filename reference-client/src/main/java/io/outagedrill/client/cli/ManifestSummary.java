package io.outagedrill.client.cli;

import io.outagedrill.client.Printable;
import io.outagedrill.client.manifest.Alternate;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;

/**
 * The human-readable account of a verified manifest that {@code manifest verify} prints. Each value from the
 * document is {@link Printable#of escaped} whole, line breaks included: the account is printed as lines, and a
 * Metalink, unsigned and from any replica, could otherwise start one of its own ("manifest OK: signed by ...").
 */
final class ManifestSummary {

    private ManifestSummary() {
    }

    static String of(VerifiedManifest verified) {
        Manifest m = verified.manifest();
        Target t = m.target();
        StringBuilder s = new StringBuilder();
        if (verified.signed()) {
            s.append("manifest OK: signed by trusted key \"%s\"%n".formatted(verified.keyId()));
        } else {
            s.append("UNSIGNED manifest (Metalink): sizes and hashes are only as trustworthy as %s%n"
                    .formatted(verified.source()));
        }
        s.append("  source      %s%n".formatted(verified.source()));
        s.append("  file        %s%n".formatted(Printable.of(t.file())));
        s.append("  size        %,d bytes%n".formatted(t.size()));
        s.append("  sha256      %s%n".formatted(t.sha256()));
        if (!t.mimeType().isEmpty()) {
            s.append("  type        %s%n".formatted(Printable.of(t.mimeType())));
        }
        s.append("  version     %d%n".formatted(m.version()));
        s.append("  expires     %s%n".formatted(verified.signed() ? m.expires() : "never (Metalink has no expiry)"));
        s.append("  chunks      %d of %,d bytes%n".formatted(t.chunkCount(), t.chunkSize()));
        s.append("  digest      %s%n".formatted(verified.digest()));
        s.append("  mirrors     %d%n".formatted(t.mirrors().size()));
        appendMirrors(s, t);
        s.append("  alternates  %s%n".formatted(m.alternates().isEmpty() ? "none" : m.alternates().size()));
        for (Alternate a : m.alternates()) {
            Target at = a.target();
            s.append("    %s: %s, %,d bytes, %d mirror(s)%s%n".formatted(Printable.of(a.name()),
                    Printable.of(at.file()), at.size(), at.mirrors().size(),
                    a.description().isEmpty() ? "" : " (" + Printable.of(a.description()) + ")"));
        }
        return s.toString();
    }

    private static void appendMirrors(StringBuilder s, Target t) {
        for (Mirror mirror : t.mirrors()) {
            s.append("    %-16s %s  priority %d%s, group %s%n".formatted(Printable.of(mirror.provider()),
                    mirror.url(), mirror.priority(),
                    mirror.region().isEmpty() ? "" : ", region " + Printable.of(mirror.region()),
                    Printable.of(mirror.group())));
        }
    }
}
