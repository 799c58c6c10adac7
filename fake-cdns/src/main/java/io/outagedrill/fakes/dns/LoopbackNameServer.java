package io.outagedrill.fakes.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A name server on loopback (UDP) that answers A queries as a {@link FaultyResolver} does, so that the world's DNS
 * faults reach a downloader in another process that can be pointed at a name server ({@code drill get
 * --dns-server}): SERVFAIL and NXDOMAIN as their RCODEs, an empty answer as NOERROR with no record, a slow answer
 * late, a stale address as the answer, each with the TTL the resolver has for the name ({@link NameServerAnswers});
 * only the serving loop is written here. {@link DohServer} gives the same answers over HTTPS.
 *
 * <p>A slow answer holds only its own query: each is answered on a virtual thread of its own, at most
 * {@link #MAX_IN_FLIGHT} at once (more are dropped).
 */
public final class LoopbackNameServer implements AutoCloseable {
    /** A query is one UDP datagram of at most 512 bytes without EDNS; a little room for EDNS ones. */
    private static final int MAX_QUERY = 4096;
    /**
     * Queries answered at once; more are dropped, as a busy server drops them (the client times out or asks again).
     * A slow fault holds each of its answers for the whole delay, and a flood of them must not pile up without end.
     */
    static final int MAX_IN_FLIGHT = 256;

    /** An answer over UDP without EDNS: at most 512 bytes, cut with the TC flag beyond (dnsjava's {@code toWire}). */
    private static final int UDP_ANSWER = 512;

    private final NameServerAnswers answers;
    private final DatagramSocket socket;
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final Thread reader;

    private LoopbackNameServer(FaultyResolver resolver, DatagramSocket socket, int maxInFlight) {
        this.answers = new NameServerAnswers(resolver);
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
                answering.execute(() -> {
                    byte[] answer;
                    try {
                        answer = answers.answer(query, UDP_ANSWER);
                    } finally {
                        // Free before the answer goes out: a client that has its answer may ask again at once.
                        inFlight.release();
                    }
                    send(answer, from);
                });
            } catch (RejectedExecutionException closing) {
                return; // close() came between the receive and here
            }
        }
    }

    private void send(byte[] out, InetSocketAddress from) {
        if (out == null) {
            return; // a query that gets no answer
        }
        try {
            socket.send(new DatagramPacket(out, out.length, from));
        } catch (IOException closedMeanwhile) {
            // The server closed while this answer waited (a slow one): the client times out, as from a dead server.
        }
    }

    @Override
    public void close() {
        socket.close();
        answering.shutdownNow();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
