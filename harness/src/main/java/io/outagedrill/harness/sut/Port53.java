package io.outagedrill.harness.sut;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whether this process may bind port 53 on loopback, where a name server must listen for a downloader that takes a
 * name server's address but not its port (aria2c). Port 53 is privileged on Linux: root, {@code
 * CAP_NET_BIND_SERVICE}, or {@code net.ipv4.ip_unprivileged_port_start} at 53 or below. Probed by binding it on an
 * address nothing else uses (127.53.53.x, not 127.0.0.1, where a local resolver may listen), so that a failure means
 * no: the error's words, which depend on the locale, are never read. Three addresses, so that another JVM probing at
 * the same instant cannot make this one say no for its whole life.
 */
public final class Port53 {
    private static final int PROBES = 3;
    private static volatile Boolean bindable;

    private Port53() {
    }

    /** Whether binding port 53 on a loopback address is allowed here; probed once per JVM. */
    public static boolean bindable() {
        Boolean known = bindable;
        if (known == null) {
            known = probe();
            bindable = known;
        }
        return known;
    }

    static boolean probe() {
        for (int i = 0; i < PROBES; i++) {
            byte[] address = {127, 53, 53, (byte) (53 + i)};
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(address),
                    53))) {
                return true;
            } catch (IOException notHere) {
                // no privilege (the same at the next address), or this address taken: try the next
            }
        }
        return false; // aria2c is given addresses instead
    }
}
