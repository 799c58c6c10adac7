package io.outagedrill.client.transfer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Host names looked up at one name server of the user's choosing ({@code drill get --dns-server}), instead of the
 * system's resolver: for a machine whose resolver is what failed (AWS us-east-1, 2025-10-20), and for drills whose
 * name server plays DNS faults. A query per lookup, nothing cached (a cache would hide the server's TTLs from the
 * client's own limits); an A query only, since a mirror's name must answer over IPv4 here. Failures say what the
 * server said: NXDOMAIN, SERVFAIL, an empty answer, or no answer within the timeout. dnsjava reads and writes the
 * messages (and asks again over TCP after a truncated answer); the UDP wait is written here because dnsjava's
 * {@code SimpleResolver} gives up at the first datagram with another id instead of waiting on for the answer.
 */
public final class NameServerDns implements Dns {
    /** A UDP answer is at most 512 bytes without EDNS, which these queries do not offer; room for a server that errs. */
    private static final int MAX_DATAGRAM = 65_535;
    /** Datagrams read for one query before giving up, whatever the time left: a flood does not hold a lookup. */
    private static final int MAX_DATAGRAMS = 64;
    /** CNAMEs followed within one answer, as far as a stub resolver goes before calling it a loop. */
    private static final int MAX_CNAMES = 8;

    private final InetSocketAddress server;
    private final Duration timeout;

    /** @param timeout how long a lookup waits for its answer; zero: no limit (a library caller's; the CLI refuses 0) */
    public NameServerDns(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * The name server a command line names ({@code --dns-server ADDRESS[:PORT]}, {@link #parseServer}), or the
     * system's resolver where it names none ({@code spec} null). Throws {@link IllegalArgumentException} saying what is
     * wrong with {@code spec}.
     */
    public static okhttp3.Dns atOrSystem(String spec, Duration timeout) {
        return spec == null ? okhttp3.Dns.SYSTEM : new NameServerDns(parseServer(spec), timeout);
    }

    /**
     * {@code ADDRESS[:PORT]} as typed, the port 53 when left out: an IPv4 address ({@code 127.0.0.1:5353}), an IPv6
     * one in brackets ({@code [::1]:5353}), or bare without a port ({@code ::1}). An address, not a host name: the
     * name server's own name would have to be looked up by the resolver it stands in for. Throws
     * {@link IllegalArgumentException} saying what is wrong.
     */
    public static InetSocketAddress parseServer(String spec) {
        String host = spec;
        String port = null;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            String rest = close < 0 ? "" : spec.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
                throw new IllegalArgumentException("expected [IPV6]:PORT (e.g. [::1]:5353), saw '" + spec + "'");
            }
            host = spec.substring(1, close);
            port = rest.isEmpty() ? null : rest.substring(1);
        } else if (spec.indexOf(':') == spec.lastIndexOf(':') && spec.indexOf(':') >= 0) {
            // One colon: ADDRESS:PORT. More are an IPv6 address without a port (brackets are needed to give one).
            host = spec.substring(0, spec.indexOf(':'));
            port = spec.substring(spec.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected ADDRESS[:PORT] (e.g. 127.0.0.1:5353), saw '" + spec
                    + "': no address");
        }
        int number = 53;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected ADDRESS:PORT (e.g. 127.0.0.1:5353), saw '" + spec + "'");
            }
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("a port from 1 to 65535, saw " + number + " in '" + spec + "'");
        }
        try {
            // dnsjava's parser takes literals only: no lookup, and no "127.1" shorthand.
            return new InetSocketAddress(org.xbill.DNS.Address.getByAddress(host), number);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address (a name server is given by its "
                    + "address, e.g. 127.0.0.1 or [::1])", e);
        }
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        Name name;
        try {
            name = Name.fromString(hostname.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new UnknownHostException(hostname + ": not a host name (" + e.getMessage() + ")");
        }
        Message response;
        try {
            response = exchange(Message.newQuery(org.xbill.DNS.Record.newRecord(name, Type.A, DClass.IN)));
        } catch (PortUnreachableException e) {
            throw new UnknownHostException(hostname + ": no answer from the name server " + where()
                    + " (nothing listens there: port unreachable)");
        } catch (IOException e) {
            throw new UnknownHostException(hostname + ": no answer from the name server " + where() + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            throw new UnknownHostException(hostname + ": NXDOMAIN (no such name) from " + where());
        }
        if (rcode != Rcode.NOERROR) {
            throw new UnknownHostException(hostname + ": " + Rcode.string(rcode) + " from " + where());
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (InetAddress address : addressesOf(name, response.getSection(Section.ANSWER))) {
            addresses.add(InetAddress.getByAddress(hostname, address.getAddress()));
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException(hostname + ": empty answer (no address records) from " + where());
        }
        return List.copyOf(addresses);
    }

    /**
     * The query's answer from the server over UDP, as a stub resolver takes it (RFC 5452): a datagram that does not
     * parse, is not a response, or carries another id or question is dropped and the wait goes on, so a stray or
     * forged datagram neither fails the lookup nor answers it. A truncated answer is asked again over TCP. Bounded
     * by the timeout and by {@link #MAX_DATAGRAMS} datagrams.
     */
    private Message exchange(Message query) throws IOException {
        boolean limited = !timeout.isZero();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] wire = query.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server); // only the server's datagrams are read
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buffer = new byte[MAX_DATAGRAM];
            String dropped = null;
            for (int read = 0; read < MAX_DATAGRAMS; read++) {
                long left = deadline - System.nanoTime();
                if (limited && left <= 0) {
                    break;
                }
                // Zero is no limit to the socket too.
                socket.setSoTimeout(limited ? (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)) : 0);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                Message response;
                try {
                    response = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                } catch (IOException unreadable) {
                    dropped = "a datagram that is not a DNS message";
                    continue;
                }
                String mismatch = mismatch(query, response);
                if (mismatch != null) {
                    dropped = mismatch;
                    continue;
                }
                if (response.getHeader().getFlag(Flags.TC)) {
                    SimpleResolver tcp = new SimpleResolver(server);
                    tcp.setTCP(true);
                    tcp.setTimeout(limited ? Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))
                            : Duration.ofDays(1)); // dnsjava has no "no limit"
                    return tcp.send(query);
                }
                return response;
            }
            throw new SocketTimeoutException("none within " + timeout.toMillis() + " ms"
                    + (dropped == null ? "" : "; dropped " + dropped));
        }
    }

    /** Why {@code response} is not the answer to {@code query}, or null when it is. */
    private static String mismatch(Message query, Message response) {
        if (!response.getHeader().getFlag(Flags.QR)) {
            return "a datagram that is not a response";
        }
        if (response.getHeader().getID() != query.getHeader().getID()) {
            return "an answer with another id (" + response.getHeader().getID() + ")";
        }
        org.xbill.DNS.Record asked = query.getQuestion();
        org.xbill.DNS.Record answered = response.getQuestion();
        if (answered == null || !answered.getName().equals(asked.getName()) || answered.getType() != asked.getType()
                || answered.getDClass() != asked.getDClass()) {
            return "an answer to another question (" + answered + ")";
        }
        return null;
    }

    /**
     * The addresses of {@code name} among {@code answer}: its own A records, else those of the name its CNAME points
     * at (a chain of at most {@link #MAX_CNAMES}). Records for any other name are not this name's addresses.
     */
    private static List<InetAddress> addressesOf(Name name, List<org.xbill.DNS.Record> answer) {
        Name target = name;
        for (int hop = 0; hop <= MAX_CNAMES; hop++) {
            List<InetAddress> found = new ArrayList<>();
            Name alias = null;
            // dnsjava's Record, not the Dns interface's own nested type of that name.
            for (org.xbill.DNS.Record record : answer) {
                if (!record.getName().equals(target)) {
                    continue;
                }
                if (record instanceof ARecord a) {
                    found.add(a.getAddress());
                } else if (record instanceof CNAMERecord cname) {
                    alias = cname.getTarget();
                }
            }
            if (!found.isEmpty() || alias == null) {
                return found;
            }
            target = alias;
        }
        return List.of();
    }

    private String where() {
        return display(server);
    }

    /** {@code 127.0.0.1:53}, or {@code [::1]:53} for IPv6, whose colons would otherwise run into the port's. */
    static String display(InetSocketAddress server) {
        String address = server.getAddress().getHostAddress();
        return (server.getAddress() instanceof java.net.Inet6Address ? "[" + address + "]" : address) + ":"
                + server.getPort();
    }
}
