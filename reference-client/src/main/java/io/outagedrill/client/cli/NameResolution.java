package io.outagedrill.client.cli;

import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.NameServerDns;
import java.time.Duration;
import java.util.List;
import okhttp3.Dns;
import picocli.CommandLine;

/**
 * How a command that fetches over the network looks host names up: {@code --resolve} first, then the name server of
 * {@code --dns-server}, else the system's resolver. One place for {@code get} and {@code manifest verify}, so that a
 * test world's names reach both alike and a bad value is the same usage error in each.
 */
final class NameResolution {
    static final String RESOLVE_HELP = "Resolve HOST to ADDRESS (repeatable), like curl --resolve.";
    static final String DNS_SERVER_HELP = "Look host names up at the name server at this IP address (port 53 unless "
            + "given; IPv6 as [::1]:5353) instead of the system's resolver; names given to --resolve first.";

    private NameResolution() {
    }

    /**
     * The resolver for these options; a bad {@code --resolve} or {@code --dns-server} is a usage error of
     * {@code command}. {@code timeout} bounds each query: a name server that does not answer is a host that cannot
     * be reached.
     */
    static Dns resolver(CommandLine command, List<String> resolve, String dnsServer, Duration timeout) {
        if (dnsServer != null) {
            quietSlf4j();
        }
        Dns others;
        try {
            others = NameServerDns.atOrSystem(dnsServer, timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, "--dns-server: " + e.getMessage());
        }
        try {
            return HttpClients.resolving(resolve, others);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, "--resolve: " + e.getMessage());
        }
    }

    /**
     * dnsjava logs through SLF4J, and the client's command line has no SLF4J provider: at the first lookup SLF4J would
     * print three warnings on stderr, beside the command's own lines. Where no provider is on the class path (and the
     * user named none), SLF4J's no-op one is named, and its own notes kept to warnings.
     */
    private static void quietSlf4j() {
        if (System.getProperty("slf4j.provider") == null
                && java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).findFirst().isEmpty()) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }
}
