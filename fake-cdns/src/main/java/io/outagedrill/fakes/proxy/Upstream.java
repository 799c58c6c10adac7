package io.outagedrill.fakes.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A proxy's upstream, {@code HOST:PORT}, held to loopback: this proxy never sends traffic outside 127.0.0.0/8 (or
 * ::1), whatever a client of its API asks. An address written as digits is checked when the proxy is created or
 * changed, so the API answers 400 at once; a name is checked when a connection resolves it (a test's host names
 * may be registered with the resolver after the proxy is made), and one that leads off the machine is refused
 * like an unreachable upstream: the client's connection is closed.
 */
final class Upstream {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.%\\w]*:[0-9A-Fa-f:.%\\w]*");

    private Upstream() {
    }

    /** Refuses, as a 400 naming the field, an upstream without a port or at an address outside loopback. */
    static void check(String hostPort) {
        Parsed parsed;
        try {
            parsed = parse(hostPort);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestBody("upstream: " + e.getMessage());
        }
        if (parsed.port() < 1 || parsed.port() > 65_535) {
            throw ApiException.badRequestBody("upstream: expected a port from 1 to 65535 in '" + hostPort
                    + "', got '" + parsed.portText() + "'");
        }
        if (IP_LITERAL.matcher(parsed.host()).matches()) {
            InetAddress address;
            try {
                address = InetAddress.getByName(parsed.host()); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                throw ApiException.badRequestBody("upstream: '" + parsed.host() + "' is not an address");
            }
            if (!address.isLoopbackAddress()) {
                throw ApiException.badRequestBody("upstream: " + hostPort + " is outside loopback; this proxy "
                        + "connects to 127.0.0.0/8 and ::1 only");
            }
        }
    }

    /** The address to dial: resolved now, and refused when it is not a loopback address. */
    static InetSocketAddress resolve(String hostPort) throws UnknownHostException {
        Parsed parsed = parse(hostPort);
        InetAddress address = InetAddress.getByName(parsed.host());
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("upstream " + hostPort + " resolves to " + address.getHostAddress()
                    + ", outside loopback");
        }
        return new InetSocketAddress(address, parsed.port());
    }

    /** HOST:PORT split once for both: an empty host is Toxiproxy's "this machine"; a port that is no number is -1. */
    private record Parsed(String host, int port, String portText) {
    }

    private static Parsed parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            // Not an API error here: the dial path parses too, and only check() speaks HTTP.
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = hostPort.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        return new Parsed(host.isEmpty() ? "127.0.0.1" : host, port, portText);
    }
}
