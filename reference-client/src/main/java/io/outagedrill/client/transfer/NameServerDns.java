package io.outagedrill.client.transfer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Dns;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
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
 * server said: NXDOMAIN, SERVFAIL, an empty answer, or no answer within the timeout. dnsjava speaks the protocol.
 */
public final class NameServerDns implements Dns {
    private final InetSocketAddress server;
    private final SimpleResolver resolver;

    public NameServerDns(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.resolver = new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
    }

    /** {@code ADDRESS:PORT} (the port 53 when left out) as typed; throws {@link IllegalArgumentException} saying why. */
    public static InetSocketAddress parseServer(String spec) {
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? spec : spec.substring(0, colon);
        int port = 53;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected ADDRESS:PORT (e.g. 127.0.0.1:5353), saw '" + spec + "'");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port from 1 to 65535, saw " + port + " in '" + spec + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address", e);
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
            response = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(name, Type.A, DClass.IN)));
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
        // dnsjava's Record, not the Dns interface's own nested type of that name.
        for (org.xbill.DNS.Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                addresses.add(InetAddress.getByAddress(hostname, a.getAddress().getAddress()));
            }
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException(hostname + ": empty answer (no address records) from " + where());
        }
        return List.copyOf(addresses);
    }

    private String where() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }
}
