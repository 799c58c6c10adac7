package io.outagedrill.fakes.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LoopbackAddressesTest {
    @Test
    void neverHandsOutAnAddressEndingInZeroOr255() {
        // 600 in a row cross at least two x.y.z.255/x.y.(z+1).0 boundaries whatever the counter stood at.
        for (int i = 0; i < 600; i++) {
            byte[] address = LoopbackAddresses.next().getAddress();
            int last = address[3] & 0xff;
            assertThat(last).as("last octet of %s", LoopbackAddresses.class.getSimpleName() + " address #" + i)
                    .isBetween(1, 254);
            assertThat(address[0]).isEqualTo((byte) 127);
        }
    }

    @Test
    void anAddressThisMachineCanBindIsKept() throws Exception {
        // Not 127.0.0.1, which is also the fallback: an address other than it shows it was kept.
        InetAddress own = InetAddress.getByName("127.0.0.5");
        try (ServerSocket probe = new ServerSocket(0, 1, own)) {
            assertThat(LoopbackAddresses.bindableOr127(own)).isEqualTo(own);
        } catch (IOException notBindableHere) {
            Assumptions.abort("127.0.0.5 is not bindable on this machine (only 127.0.0.1 is, as on macOS)");
        }
    }

    @Test
    void anAddressNoInterfaceHasFallsBackTo127() throws Exception {
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface here, as 127.0.0.x beyond .1 is not on macOS:
        // binding fails locally, no packet is sent.
        InetAddress foreign = InetAddress.getByName("192.0.2.1");
        assertThat(LoopbackAddresses.bindableOr127(foreign)).isEqualTo(LoopbackAddresses.localhost());
    }
}
