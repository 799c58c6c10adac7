package io.outagedrill.fakes.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The world's name servers for other processes: each started once, on first use, and every one stopped by one
 * close, so a world never leaves a port behind or starts a second server for the same way of asking.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NameServersTest {
    private final FaultyResolver resolver = new FaultyResolver(new LoopbackDns(), Clock.systemUTC());
    private final TestCertificateAuthority ca = TestCertificateAuthority.create();

    @Test
    void eachServerStartsOnFirstUseAndIsTheSameAfterwards() {
        try (NameServers servers = new NameServers(resolver, ca)) {
            assertThat(servers.udp()).as("the UDP server asked twice").isEqualTo(servers.udp());
            assertThat(servers.dohUrl()).as("the DoH server asked twice").isEqualTo(servers.dohUrl());
        }
    }

    @Test
    void afterCloseEveryPortIsFreeAndNoServerStartsAgain() throws SocketException {
        NameServers servers = new NameServers(resolver, ca);
        InetSocketAddress udp = servers.udp();
        servers.dohUrl();
        servers.close();
        try (DatagramSocket again = new DatagramSocket(udp)) {
            assertThat(again.getLocalPort()).as("the UDP port given back").isEqualTo(udp.getPort());
        }
        assertThatThrownBy(servers::udp).hasMessage("the world is closed");
        assertThatThrownBy(servers::dohUrl).hasMessage("the world is closed");
        assertThatThrownBy(servers::onPort53).hasMessage("the world is closed");
        servers.close(); // a second close does nothing
    }

    /**
     * Two worlds at once (two scenarios in one JVM, or two runs on one machine) each get port 53 of an address of
     * their own: the second does not fail on the first's.
     */
    @Test
    void aSecondWorldGetsPort53OfAnotherAddress() {
        try (NameServers first = new NameServers(resolver, ca); NameServers second = new NameServers(resolver, ca)) {
            InetAddress firstAddress;
            try {
                firstAddress = first.onPort53();
            } catch (UncheckedIOException unprivileged) {
                assertThat(unprivileged).hasMessageContaining("it needs root, CAP_NET_BIND_SERVICE");
                assumeTrue(false, "this process may not bind port 53: " + unprivileged.getMessage());
                return;
            }
            InetAddress secondAddress = second.onPort53();
            assertThat(secondAddress).as("the second world's port-53 address, beside the first's %s", firstAddress)
                    .isNotEqualTo(firstAddress);
            assertThat(secondAddress.getHostAddress()).startsWith("127.53.0.");
        }
    }
}
