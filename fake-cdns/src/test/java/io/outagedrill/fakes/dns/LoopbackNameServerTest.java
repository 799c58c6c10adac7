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

    /**
     * A fault is the name's, whatever type is asked: aria2c asks AAAA first, and an empty NOERROR there read as
     * "answer with no data" where the name's server had failed. A name the world does not know is NXDOMAIN for AAAA
     * too.
     */
    @Test
    void aFaultAnswersEveryQueryTypeForTheNameWithItsRcode() throws Exception {
        resolver.fault("cdn.test", new DnsFault.ServFail());
        assertThat(Rcode.string(ask("cdn.test", Type.AAAA).getRcode())).as("AAAA under SERVFAIL").isEqualTo("SERVFAIL");
        resolver.fault("cdn.test", new DnsFault.NxDomain());
        assertThat(Rcode.string(ask("cdn.test", Type.AAAA).getRcode())).as("AAAA under NXDOMAIN").isEqualTo("NXDOMAIN");
        resolver.clearFault("cdn.test");
        assertThat(Rcode.string(ask("unknown.test", Type.AAAA).getRcode())).as("AAAA of an unknown name")
                .isEqualTo("NXDOMAIN");
        Message healthy = ask("cdn.test", Type.AAAA);
        assertThat(Rcode.string(healthy.getRcode())).as("AAAA of a healthy name").isEqualTo("NOERROR");
        assertThat(healthy.getSection(Section.ANSWER)).isEmpty();
    }

    /** Sends {@code query} with {@code id} from {@code socket} to the server. */
    private void send(DatagramSocket socket, Message query, int id) throws Exception {
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        socket.send(new DatagramPacket(wire, wire.length, server.address()));
    }

    private static Message query(String host, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(host + "."), type, DClass.IN));
    }

    /**
     * The replies {@code socket} reads until it has one for each of {@code ids} (at most 10, 5 s each): each query is
     * answered on a thread of its own, so replies come in any order.
     */
    private static java.util.Map<Integer, Message> repliesUntil(DatagramSocket socket, Integer... ids)
            throws Exception {
        java.util.Map<Integer, Message> replies = new java.util.LinkedHashMap<>();
        socket.setSoTimeout(5_000);
        byte[] buffer = new byte[4096];
        for (int read = 0; read < 10 && !replies.keySet().containsAll(List.of(ids)); read++) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            Message reply = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
            replies.put(reply.getHeader().getID(), reply);
        }
        return replies;
    }

    @Test
    void aResponseIsNotAnsweredAndAnotherOpcodeOrQuestionCountSaysWhy() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Message response = query("cdn.test", Type.A);
            response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            send(peer, response, 1);
            Message update = query("cdn.test", Type.A);
            update.getHeader().setOpcode(org.xbill.DNS.Opcode.UPDATE);
            send(peer, update, 2);
            Message two = query("cdn.test", Type.A);
            two.addRecord(Record.newRecord(Name.fromString("other.test."), Type.A, DClass.IN), Section.QUESTION);
            send(peer, two, 3);
            send(peer, query("cdn.test", Type.A), 4);

            java.util.Map<Integer, Message> replies = repliesUntil(peer, 2, 3, 4);

            assertThat(replies).as("replies by id").doesNotContainKey(1);
            assertThat(Rcode.string(replies.get(2).getRcode())).as("UPDATE").isEqualTo("NOTIMP");
            assertThat(replies.get(2).getHeader().getOpcode()).isEqualTo(org.xbill.DNS.Opcode.UPDATE);
            assertThat(Rcode.string(replies.get(3).getRcode())).as("two questions").isEqualTo("FORMERR");
            assertThat(replies.get(3).getSection(Section.ANSWER)).isEmpty();
            assertThat(replies.get(4).getSection(Section.ANSWER)).singleElement()
                    .isInstanceOfSatisfying(ARecord.class, a -> assertThat(a.getAddress()).isEqualTo(cdn));
        }
    }

    @Test
    void queriesBeyondTheInFlightLimitAreDroppedNotQueuedWhileSlowAnswersHoldIt() throws Exception {
        server.close();
        server = LoopbackNameServer.start(resolver, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        names.register("fast.test", cdn);
        resolver.fault("cdn.test", new DnsFault.Slow(60_000));
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            send(peer, query("cdn.test", Type.A), 1);
            send(peer, query("cdn.test", Type.A), 2);
            send(peer, query("fast.test", Type.A), 3);
            peer.setSoTimeout(500);
            DatagramPacket nothing = new DatagramPacket(new byte[4096], 4096);
            assertThatThrownBy(() -> peer.receive(nothing))
                    .as("the third query, while two slow answers are in flight: dropped, so no answer")
                    .isInstanceOf(java.net.SocketTimeoutException.class);

            resolver.clearFault("cdn.test");
            java.util.Map<Integer, Message> held = repliesUntil(peer, 1, 2);
            assertThat(held).as("the two slow answers, released").containsKeys(1, 2);

            send(peer, query("fast.test", Type.A), 4);
            assertThat(repliesUntil(peer, 4)).as("answering again once they are out").containsKey(4);
        }
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
