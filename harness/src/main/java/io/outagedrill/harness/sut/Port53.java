package io.outagedrill.harness.sut;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whether this process may bind port 53 on loopback, where a name server must listen for a downloader that takes a
 * name server's address but not its port (aria2c). Port 53 is privileged on Linux: root, {@code
 * CAP_NET_BIND_SERVICE}, or {@code net.ipv4.ip_unprivileged_port_start} at 53 or below. Probed by binding it on an
 * address nothing else uses (127.53.53.53, not 127.0.0.1, where a local resolver may listen), so that any failure
 * means no: the error's words, which depend on the locale, are never read.
 */
public final class Port53 {
    private static final byte[] PROBE = {127, 53, 53, 53};
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

    private static boolean probe() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(PROBE), 53))) {
            return true;
        } catch (IOException notHere) {
            return false; // no privilege, or (unlikely) that address taken: aria2c is given addresses instead
        }
    }
}
