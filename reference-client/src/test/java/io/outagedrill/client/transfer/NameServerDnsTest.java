package io.outagedrill.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;

/**
 * {@code drill get --dns-server} against a name server that misbehaves: a hostile peer on loopback that answers each
 * query with the datagrams a test chooses. The lookup takes the answer to its own question only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NameServerDnsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private DatagramSocket peer;
    private Thread answering;

    /** Starts the peer: each query (at most 4) gets {@code replies.apply(query)}, in order. */
    private NameServerDns pointedAt(Function<Message, List<Message>> replies) throws IOException {
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        answering = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[4096];
            for (int query = 0; query < 4; query++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    peer.receive(packet);
                    Message asked = new Message(Arrays.copyOf(buffer, packet.getLength()));
                    for (Message reply : replies.apply(asked)) {
                        byte[] wire = reply.toWire();
                        peer.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return new NameServerDns((InetSocketAddress) peer.getLocalSocketAddress(), TIMEOUT);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (peer != null) {
            peer.close();
            answering.join();
        }
    }

    private static Message replyTo(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    private static Message with(Message reply, org.xbill.DNS.Record... answers) {
        for (org.xbill.DNS.Record answer : answers) {
            reply.addRecord(answer, Section.ANSWER);
        }
        return reply;
    }

    private static ARecord a(String name, String address) {
        try {
            return new ARecord(Name.fromString(name), DClass.IN, 30, InetAddress.getByName(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anAddressForAnotherNameIsNotTheAddressOfTheNameAsked() throws IOException {
        NameServerDns dns = pointedAt(query -> List.of(with(replyTo(query), a("evil.test.", "127.0.0.66"))));

        assertThatThrownBy(() -> dns.lookup("mirror.test"))
                .as("an A record for evil.test in the answer to mirror.test")
                .isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("mirror.test: empty answer (no address records) from 127.0.0.1:");
    }

    @Test
    void aCnameChainIsFollowedToTheAddressesOfItsEnd() throws Exception {
        NameServerDns dns = pointedAt(query -> List.of(with(replyTo(query),
                cname("mirror.test.", "edge.test."), cname("edge.test.", "pop.test."),
                a("other.test.", "127.0.0.66"), a("pop.test.", "127.0.0.8"))));

        assertThat(dns.lookup("mirror.test")).as("mirror.test -> edge.test -> pop.test")
                .containsExactly(InetAddress.getByAddress("mirror.test", new byte[] {127, 0, 0, 8}));
    }

    private static CNAMERecord cname(String name, String target) {
        try {
            return new CNAMERecord(Name.fromString(name), DClass.IN, 30, Name.fromString(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void strayDatagramsBeforeTheAnswerAreDroppedNotTakenNorFatal() throws Exception {
        NameServerDns dns = pointedAt(query -> {
            Message otherId = with(replyTo(query), a("mirror.test.", "127.0.0.66"));
            otherId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
            Message notAResponse = with(replyTo(query), a("mirror.test.", "127.0.0.67"));
            notAResponse.getHeader().unsetFlag(Flags.QR);
            Message otherQuestion = new Message(query.getHeader().getID());
            otherQuestion.getHeader().setFlag(Flags.QR);
            otherQuestion.addRecord(org.xbill.DNS.Record.newRecord(name("evil.test."), query.getQuestion().getType(),
                    DClass.IN), Section.QUESTION);
            with(otherQuestion, a("evil.test.", "127.0.0.68"));
            return List.of(otherId, notAResponse, otherQuestion, with(replyTo(query), a("mirror.test.", "127.0.0.7")));
        });

        assertThat(dns.lookup("mirror.test")).as("the fourth datagram, the only answer to this query")
                .containsExactly(InetAddress.getByAddress("mirror.test", new byte[] {127, 0, 0, 7}));
    }

    @Test
    void onlyStrayDatagramsIsNoAnswerWithinTheTimeoutAndSaysWhatCame() throws IOException {
        pointedAt(query -> {
            Message otherId = with(replyTo(query), a("mirror.test.", "127.0.0.66"));
            otherId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
            return List.of(otherId);
        });
        NameServerDns quick = new NameServerDns((InetSocketAddress) peer.getLocalSocketAddress(), Duration.ofMillis(300));

        assertThatThrownBy(() -> quick.lookup("mirror.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("mirror.test: no answer from the name server 127.0.0.1:")
                .hasMessageContaining("none within 300 ms; dropped an answer with another id");
    }

    @Test
    void aZeroTimeoutIsNoLimitAsConnectTimeoutZeroMeans() throws Exception {
        pointedAt(query -> List.of(with(replyTo(query), a("mirror.test.", "127.0.0.7"))));
        NameServerDns unlimited = new NameServerDns((InetSocketAddress) peer.getLocalSocketAddress(), Duration.ZERO);

        assertThat(unlimited.lookup("mirror.test")).as("a timeout of 0 (no limit), as a library caller may give")
                .containsExactly(InetAddress.getByAddress("mirror.test", new byte[] {127, 0, 0, 7}));
    }

    @Test
    void aServerWhereNothingListensIsSaidSoAndAnIpv6OneInBrackets() throws Exception {
        int closed;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = gone.getLocalPort();
        }
        NameServerDns nobody = new NameServerDns(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed), TIMEOUT);

        assertThatThrownBy(() -> nobody.lookup("mirror.test")).isInstanceOf(UnknownHostException.class)
                .hasMessage("mirror.test: no answer from the name server 127.0.0.1:" + closed
                        + " (nothing listens there: port unreachable)");
        assertThat(NameServerDns.display(new InetSocketAddress(InetAddress.getByName("::1"), 53)))
                .as("an IPv6 server, as said in errors").isEqualTo("[0:0:0:0:0:0:0:1]:53");
    }

    @Test
    void aServerIsAnAddressWithItsPortOr53AndIpv6IsTakenWholeOrInBrackets() throws UnknownHostException {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        assertThat(NameServerDns.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress(v4, 5353));
        assertThat(NameServerDns.parseServer("127.0.0.1")).isEqualTo(new InetSocketAddress(v4, 53));
        assertThat(NameServerDns.parseServer("[::1]:5353")).isEqualTo(new InetSocketAddress(v6, 5353));
        assertThat(NameServerDns.parseServer("[::1]")).as("brackets without a port")
                .isEqualTo(new InetSocketAddress(v6, 53));
        assertThat(NameServerDns.parseServer("::1")).as("a bare IPv6 address, not '::' port 1")
                .isEqualTo(new InetSocketAddress(v6, 53));
        assertThat(NameServerDns.parseServer("fe80::1:5353")).as("a bare IPv6 address whose last group looks like a port")
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("fe80::1:5353"), 53));
    }

    private static Name name(String name) {
        try {
            return Name.fromString(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
