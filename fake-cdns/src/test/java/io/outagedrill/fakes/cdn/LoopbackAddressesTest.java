package io.outagedrill.fakes.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LoopbackAddressesTest {
    @Test
    void anAddressThisMachineCanBindIsKept() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(LoopbackAddresses.bindableOr127(loopback)).isEqualTo(loopback);
    }

    @Test
    void anAddressNoInterfaceHasFallsBackTo127() throws Exception {
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface here, as 127.0.0.x beyond .1 is not on macOS:
        // binding fails locally, no packet is sent.
        InetAddress foreign = InetAddress.getByName("192.0.2.1");
        assertThat(LoopbackAddresses.bindableOr127(foreign)).isEqualTo(LoopbackAddresses.localhost());
    }
}
