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

    /**
     * Clients told apart by address get 127.100.0.1 onwards, each its own, never x.y.z.0 or x.y.z.255, never among
     * the fakes' or the name servers' addresses, and the block wraps within 127.100-127.199.
     */
    @Test
    void clientsGetAddressesOfTheirOwnBlock() {
        assertThat(LoopbackAddresses.client(0).getHostAddress()).isEqualTo("127.100.0.1");
        assertThat(LoopbackAddresses.client(253).getHostAddress()).isEqualTo("127.100.0.254");
        assertThat(LoopbackAddresses.client(254).getHostAddress()).as("past the first 254").isEqualTo("127.100.1.1");
        assertThat(LoopbackAddresses.client(254 * 256).getHostAddress()).isEqualTo("127.101.0.1");
        assertThat(LoopbackAddresses.client(254 * 256 * 100).getHostAddress()).as("wrapped").isEqualTo("127.100.0.1");
        assertThat(LoopbackAddresses.client(254 * 256 * 100 - 1).getHostAddress()).isEqualTo("127.199.255.254");
        java.util.Set<InetAddress> seen = new java.util.HashSet<>();
        for (int n = 0; n < 1_000; n++) {
            assertThat(seen.add(LoopbackAddresses.client(n))).as("client %d's address is its own", n).isTrue();
        }
    }

    /**
     * A name server on port 53 gets 127.53.0.x, never one of the low 127.0.0.x addresses where local resolvers own
     * port 53 (127.0.0.11 is Docker's embedded DNS, reached through a NAT rule that a bind on that address cannot
     * see), and the block wraps within itself.
     */
    @Test
    void aNameServerOnPort53GetsAnAddressOfItsOwnBlock() {
        for (int i = 0; i < 600; i++) {
            InetAddress address = LoopbackAddresses.nextForPort53();
            byte[] bytes = address.getAddress();
            assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).as("the block of %s", address)
                    .containsExactly(127, 53, 0);
            assertThat(bytes[3] & 0xff).as("last octet of %s", address).isBetween(1, 254);
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
