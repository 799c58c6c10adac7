package io.outagedrill.fakes.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A name server on loopback (UDP) that answers A queries as a {@link FaultyResolver} does, so that the world's DNS
 * faults reach a downloader in another process that can be pointed at a name server ({@code drill get
 * --dns-server}): SERVFAIL and NXDOMAIN as their RCODEs, an empty answer as NOERROR with no record, a slow answer
 * late, a stale address as the answer, each with the TTL the resolver has for the name. dnsjava reads and writes the
 * messages; only the serving loop is written here.
 *
 * <p>Every other query type gets NOERROR with no record (the world has IPv4 loopback addresses only), a query that
 * does not parse gets nothing (as from a real server, which drops it), and a slow answer holds only its own query:
 * each is answered on a virtual thread of its own.
 */
public final class LoopbackNameServer implements AutoCloseable {
    /** A query is one UDP datagram of at most 512 bytes without EDNS; a little room for EDNS ones. */
    private static final int MAX_QUERY = 4096;

    private final FaultyResolver resolver;
    private final DatagramSocket socket;
    private final ExecutorService answers = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread reader;

    private LoopbackNameServer(FaultyResolver resolver, DatagramSocket socket) {
        this.resolver = resolver;
        this.socket = socket;
        this.reader = Thread.ofPlatform().daemon().name("loopback-name-server-" + socket.getLocalPort())
                .start(this::serve);
    }

    /** Serves {@code resolver}'s answers on {@code address} (port 0: any free one). */
    public static LoopbackNameServer start(FaultyResolver resolver, InetSocketAddress address) throws SocketException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("a loopback address, not " + address);
        }
        return new LoopbackNameServer(resolver, new DatagramSocket(address));
    }

    /** Where it listens, as {@code drill get --dns-server} takes it: {@code 127.0.0.1:PORT}. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_QUERY];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return; // close() ends the loop
            }
            byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
            answers.execute(() -> answer(query, from));
        }
    }

    private void answer(byte[] wire, InetSocketAddress from) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException unreadable) {
            return;
        }
        Record question = query.getQuestion();
        if (question == null) {
            return;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getType() == Type.A && question.getDClass() == DClass.IN) {
            String host = question.getName().toString(true).toLowerCase(Locale.ROOT);
            try {
                List<InetAddress> addresses = resolver.lookup(host);
                long ttl = resolver.ttl(host).toSeconds();
                for (InetAddress address : addresses) {
                    if (address instanceof Inet4Address) {
                        response.addRecord(new ARecord(question.getName(), DClass.IN, ttl, address), Section.ANSWER);
                    }
                }
            } catch (FaultyResolver.NegativeAnswer negative) {
                response.getHeader().setRcode(switch (negative.kind()) {
                    case NXDOMAIN -> Rcode.NXDOMAIN;
                    case SERVFAIL -> Rcode.SERVFAIL;
                    case EMPTY -> Rcode.NOERROR;
                });
            } catch (UnknownHostException other) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
            }
        }
        byte[] out = response.toWire(512);
        try {
            socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException closedMeanwhile) {
            // The server closed while this answer waited (a slow one): the client times out, as from a dead server.
        }
    }

    @Override
    public void close() {
        socket.close();
        answers.shutdownNow();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
