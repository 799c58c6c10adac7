package io.outagedrill.fakes.cdn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out loopback addresses 127.0.0.2, 127.0.0.3, ... (then 127.0.1.0, ...), one per fake provider, so
 * each looks like its own host to a client and a per-address fault (or a client's per-IP connection pool)
 * sees them apart. All of 127/8 is bindable on Linux; where it is not (macOS), {@link FakeCdn} falls back
 * to 127.0.0.1. Ports come from the OS, so two JVMs handing out the same address do not clash.
 */
public final class LoopbackAddresses {
    private static final AtomicInteger NEXT = new AtomicInteger(2);
    private static final AtomicInteger NEXT_FOR_PORT_53 = new AtomicInteger();

    private LoopbackAddresses() {
    }

    public static InetAddress next() {
        // Stay clear of 127.255.255.255 (broadcast-like) by wrapping long before, and of every x.y.z.0 and
        // x.y.z.255: binding a listener to 127.0.0.255 failed now and then in the test suite ("Failed to bind"),
        // as a /24's broadcast address would; nothing needs those addresses, so none is handed out.
        int n;
        do {
            n = Math.floorMod(NEXT.getAndIncrement() - 2, 0xfffff0) + 2;
        } while ((n & 0xff) == 0 || (n & 0xff) == 0xff);
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /**
     * The {@code n}th client's own address, 127.100.0.1 onwards up to 127.199.255.254 and round again (skipping each
     * x.y.z.0 and x.y.z.255, as {@link #next()} does): for a client that must be told apart from others by the
     * servers it reaches, away from {@link #next()}'s low addresses and {@link #nextForPort53()}'s 127.53.0.x.
     */
    public static InetAddress client(int n) {
        int host = Math.floorMod(n, 254) + 1;
        int block = Math.floorMod(Math.floorDiv(n, 254), 100 * 256);
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) (100 + (block >>> 8)), (byte) block, (byte) host});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /**
     * 127.53.0.1, 127.53.0.2, ... 127.53.0.254, then 127.53.0.1 again: for a name server on port 53, away from
     * {@link #next()}'s low addresses, where local resolvers own port 53. Binding tells only of a socket, not of a
     * NAT rule: Docker's embedded DNS is reached at 127.0.0.11:53 inside every container on a user-defined network
     * (Compose's, CI service containers) through a rule that sends each packet for that port elsewhere, so a name
     * server bound there binds fine and never hears a query. (systemd-resolved holds 127.0.0.53 and 127.0.0.54,
     * dnsmasq 127.0.1.1.) A server on port 53 closes with its world, so the block is used again after it wraps.
     */
    public static InetAddress nextForPort53() {
        int n = Math.floorMod(NEXT_FOR_PORT_53.getAndIncrement(), 254) + 1;
        try {
            return InetAddress.getByAddress(new byte[]{127, 53, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /**
     * 127.255.255.254: beyond where {@link #next()} wraps, so no fake ever listens there and every connection to
     * it is refused. The address of a stale DNS answer.
     */
    public static InetAddress unused() {
        try {
            return InetAddress.getByAddress(new byte[]{127, (byte) 255, (byte) 255, (byte) 254});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /**
     * {@code address}, checked: every fake binds loopback only, so a test world can never be reached from, or
     * send to, another machine. Throws {@link IllegalArgumentException} for any other address.
     */
    public static InetAddress requireLoopback(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("fakes bind loopback only, not " + address.getHostAddress());
        }
        return address;
    }

    public static InetAddress localhost() {
        return InetAddress.getLoopbackAddress();
    }

    /**
     * {@code address} if this machine lets a server bind it, else {@link #localhost()}: for servers that run in
     * another process (S3Proxy), which cannot fall back by themselves as {@link FakeCdn} does.
     */
    public static InetAddress bindableOr127(InetAddress address) {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return address;
        } catch (IOException notBindable) {
            return localhost();
        }
    }
}
