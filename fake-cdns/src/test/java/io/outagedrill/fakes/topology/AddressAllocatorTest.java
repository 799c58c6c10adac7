package io.outagedrill.fakes.topology;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Addresses handed out up front, in an order that depends on the declaration only. */
class AddressAllocatorTest {

    @Test
    void originsInDeclaredOrderThenEdgesThenTheStatusPages() {
        TopologySpec spec = Topology.builder().provider("origin", p -> p.kind(ProviderKind.ORIGIN))
                .provider("fastly", p -> p.edgeOf("origin")).provider("cloudflare").provider("b2").spec();

        AddressAllocator.Addresses addresses = new AddressAllocator(counting()).allocate(spec);

        assertThat(addresses.providers()).containsExactly(
                Map.entry("origin", ip("127.0.0.2")), Map.entry("cloudflare", ip("127.0.0.3")),
                Map.entry("b2", ip("127.0.0.4")), Map.entry("fastly", ip("127.0.0.5")));
        assertThat(addresses.statusPages()).isEqualTo(ip("127.0.0.6"));
        assertThat(addresses.provider("fastly")).isEqualTo(ip("127.0.0.5"));
    }

    @Test
    void anUnknownProviderIsNamedWithTheOnesThatHaveAnAddress() {
        AddressAllocator.Addresses addresses = new AddressAllocator(counting())
                .allocate(Topology.builder().provider("a").provider("b").spec());

        assertThatThrownBy(() -> addresses.provider("c")).hasMessage("no address for provider c; allocated for [a, b]");
    }

    @Test
    void aSourceThatRepeatsAnAddressIsRefusedRatherThanSharingIt() {
        Iterator<InetAddress> repeating = List.of(ip("127.0.0.2"), ip("127.0.0.3"), ip("127.0.0.2")).iterator();
        TopologySpec spec = Topology.builder().provider("a").provider("b").spec();

        assertThatThrownBy(() -> new AddressAllocator(repeating::next).allocate(spec))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.2 twice");
    }

    @Test
    void theLoopbackSourceGivesEachPartItsOwnLoopbackAddress() {
        AddressAllocator.Addresses addresses = AddressAllocator.loopback()
                .allocate(Topology.builder().providers(4).spec());

        List<InetAddress> all = new ArrayList<>(addresses.providers().values());
        all.add(addresses.statusPages());
        assertThat(all).hasSize(5).doesNotHaveDuplicates().allMatch(InetAddress::isLoopbackAddress);
    }

    /** 127.0.0.2, 127.0.0.3, ...: a fresh sequence per test, unlike the JVM-wide one. */
    private static Supplier<InetAddress> counting() {
        int[] next = {2};
        return () -> ip("127.0.0." + next[0]++);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
