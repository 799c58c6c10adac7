package io.outagedrill.harness.sut;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whether this process may bind port 53 on loopback, where a name server must listen for a downloader that takes a
 * name server's address but not its port (aria2c). Port 53 is privileged on Linux: root, {@code
 * CAP_NET_BIND_SERVICE}, or {@code net.ipv4.ip_unprivileged_port_start} at 53 or below. The kernel checks the
 * privilege before whether the port is taken, so "address in use" (a local resolver on 127.0.0.1:53) still says yes.
 */
public final class Port53 {
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
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53))) {
            return true;
        } catch (BindException e) {
            return !String.valueOf(e.getMessage()).contains("Permission denied");
        } catch (IOException other) {
            return false;
        }
    }
}
