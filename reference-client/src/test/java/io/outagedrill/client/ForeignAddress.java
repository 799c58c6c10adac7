package io.outagedrill.client;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An address this machine does not have (TEST-NET-1, RFC 5737), for tests of a bind that must fail. A kernel set to
 * bind addresses it lacks ({@code net.ipv4.ip_nonlocal_bind = 1}, as some load-balancer hosts are) binds it all the
 * same; there such a test is skipped, saying why.
 */
public final class ForeignAddress {
    public static final String TEXT = "192.0.2.1";

    private ForeignAddress() {
    }

    /** Skips the calling test where this kernel binds addresses it does not have. */
    public static void assumeUnbindable() {
        String setting;
        try {
            setting = Files.readString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip();
        } catch (IOException | UnsupportedOperationException notLinux) {
            return;
        }
        assumeThat(setting).as("net.ipv4.ip_nonlocal_bind (1 binds %s though no interface has it)", TEXT)
                .isEqualTo("0");
    }
}
