package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The probe for port 53 says yes where this process may bind it, even while another process holds the first address
 * it tries (another JVM probing at the same instant): it used to try one address, and said no for its whole life.
 */
class Port53Test {
    @Test
    void anotherProbeHoldingTheFirstAddressDoesNotMakeItSayNo() throws Exception {
        assumeTrue(Port53.bindable(), "port 53 cannot be bound here (needs root or CAP_NET_BIND_SERVICE)");
        InetSocketAddress first = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 53, 53, 53}), 53);
        try (DatagramSocket held = new DatagramSocket(first)) {
            assertThat(Port53.probe()).as("with %s held by another socket", first).isTrue();
        }
    }
}
