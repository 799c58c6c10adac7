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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
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
 * does not parse gets nothing (as from a real server, which drops it), nor does a response sent to it; another opcode
 * than QUERY gets NOTIMP, and a query with other than one question FORMERR. A slow answer holds only its own query:
 * each is answered on a virtual thread of its own, at most {@link #MAX_IN_FLIGHT} at once (more are dropped).
 */
public final class LoopbackNameServer implements AutoCloseable {
    /** A query is one UDP datagram of at most 512 bytes without EDNS; a little room for EDNS ones. */
    private static final int MAX_QUERY = 4096;
    /**
     * Queries answered at once; more are dropped, as a busy server drops them (the client times out or asks again).
     * A slow fault holds each of its answers for the whole delay, and a flood of them must not pile up without end.
     */
    static final int MAX_IN_FLIGHT = 256;

    private final FaultyResolver resolver;
    private final DatagramSocket socket;
    private final ExecutorService answers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Thread reader;

    private LoopbackNameServer(FaultyResolver resolver, DatagramSocket socket, int maxInFlight) {
        this.resolver = resolver;
        this.socket = socket;
        this.inFlight = new Semaphore(maxInFlight);
        this.reader = Thread.ofPlatform().daemon().name("loopback-name-server-" + socket.getLocalPort())
                .start(this::serve);
    }

    /** Serves {@code resolver}'s answers on {@code address} (port 0: any free one). */
    public static LoopbackNameServer start(FaultyResolver resolver, InetSocketAddress address) throws SocketException {
        return start(resolver, address, MAX_IN_FLIGHT);
    }

    /** {@link #start(FaultyResolver, InetSocketAddress)} answering at most {@code maxInFlight} queries at once. */
    static LoopbackNameServer start(FaultyResolver resolver, InetSocketAddress address, int maxInFlight)
            throws SocketException {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("a loopback address, not " + address);
        }
        return new LoopbackNameServer(resolver, new DatagramSocket(address), maxInFlight);
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
            if (!inFlight.tryAcquire()) {
                continue; // busy: dropped unread
            }
            try {
                answers.execute(() -> {
                    try {
                        answer(query, from);
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RejectedExecutionException closing) {
                return; // close() came between the receive and here
            }
        }
    }

    private void answer(byte[] wire, InetSocketAddress from) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException unreadable) {
            return;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return; // a response, not a query: answering it could start two servers talking to each other forever
        }
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP); // NOTIFY, UPDATE...: not a lookup, nothing done
        } else if (query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR); // one question a query (RFC 9619), as real servers say
        } else {
            response.getHeader().setFlag(Flags.AA);
            response.addRecord(question, Section.QUESTION);
            answerQuestion(question, response);
        }
        byte[] out = response.toWire(512);
        try {
            socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException closedMeanwhile) {
            // The server closed while this answer waited (a slow one): the client times out, as from a dead server.
        }
    }

    private void answerQuestion(Record question, Message response) {
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
