package io.outagedrill.fakes.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.client.transfer.NameServerDns;
import io.outagedrill.fakes.cdn.LoopbackDns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The world's DNS faults on the wire: dnsjava's own resolver, and the reference client's {@code --dns-server}
 * lookup, asking the loopback name server, get the RCODEs and records a real name server would send.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopbackNameServerTest {
    private final LoopbackDns names = new LoopbackDns();
    private final FaultyResolver resolver = new FaultyResolver(names, Clock.systemUTC());
    private LoopbackNameServer server;
    private InetAddress cdn;

    @BeforeEach
    void start() throws Exception {
        cdn = InetAddress.getByName("127.0.0.9");
        names.register("cdn.test", cdn);
        server = LoopbackNameServer.start(resolver, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Message ask(String host, int type) throws Exception {
        SimpleResolver client = new SimpleResolver(server.address());
        client.setTimeout(Duration.ofSeconds(5));
        return client.send(Message.newQuery(Record.newRecord(Name.fromString(host + "."), type, DClass.IN)));
    }

    private NameServerDns clientLookup() {
        return new NameServerDns(server.address(), Duration.ofSeconds(5));
    }

    @Test
    void aHealthyNameIsAnsweredWithItsAddressAndTtl() throws Exception {
        resolver.ttl("cdn.test", Duration.ofSeconds(30));

        Message answer = ask("cdn.test", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> records = answer.getSection(Section.ANSWER);
        assertThat(records).singleElement().isInstanceOfSatisfying(ARecord.class, a -> {
            assertThat(a.getAddress()).isEqualTo(cdn);
            assertThat(a.getTTL()).isEqualTo(30);
        });
        assertThat(clientLookup().lookup("cdn.test")).containsExactly(cdn);
    }

    @Test
    void eachFaultIsTheRcodeAClientSeesAndTheWordsItSays() throws Exception {
        resolver.fault("cdn.test", new DnsFault.ServFail());
        assertThat(ask("cdn.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThatThrownBy(() -> clientLookup().lookup("cdn.test")).isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("cdn.test: SERVFAIL from 127.0.0.1:");

        resolver.fault("cdn.test", new DnsFault.NxDomain());
        assertThat(ask("cdn.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThatThrownBy(() -> clientLookup().lookup("cdn.test"))
                .hasMessageStartingWith("cdn.test: NXDOMAIN (no such name) from 127.0.0.1:");

        resolver.fault("cdn.test", new DnsFault.EmptyAnswer());
        Message empty = ask("cdn.test", Type.A);
        assertThat(empty.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(empty.getSection(Section.ANSWER)).isEmpty();
        assertThatThrownBy(() -> clientLookup().lookup("cdn.test"))
                .hasMessageStartingWith("cdn.test: empty answer (no address records) from 127.0.0.1:");

        resolver.fault("cdn.test", new DnsFault.Stale());
        assertThat(clientLookup().lookup("cdn.test")).as("an address where nothing listens")
                .containsExactly(new DnsFault.Stale().inetAddress());

        resolver.clearFault("cdn.test");
        assertThat(clientLookup().lookup("cdn.test")).containsExactly(cdn);
        assertThat(ask("unknown.test", Type.A).getRcode()).as("a name the world does not know")
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void otherQueryTypesGetNoRecordAndGarbageIsDroppedWithoutStoppingTheServer() throws Exception {
        Message aaaa = ask("cdn.test", Type.AAAA);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).as("IPv4 loopback addresses only").isEmpty();

        try (DatagramSocket hostile = new DatagramSocket()) {
            byte[] garbage = {1, 2, 3};
            hostile.send(new DatagramPacket(garbage, garbage.length, server.address()));
        }

        assertThat(clientLookup().lookup("cdn.test")).as("still answering").containsExactly(cdn);
    }

    @Test
    void aNameServerThatNeverAnswersIsALookupThatFailsAtItsTimeoutSayingSo() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            NameServerDns lookup = new NameServerDns((InetSocketAddress) silent.getLocalSocketAddress(),
                    Duration.ofMillis(300));

            assertThatThrownBy(() -> lookup.lookup("cdn.test")).isInstanceOf(UnknownHostException.class)
                    .hasMessageStartingWith("cdn.test: no answer from the name server 127.0.0.1:");
        }
    }
}
