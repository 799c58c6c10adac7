package io.outagedrill.fakes.dns;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.util.Arrays;

/**
 * One resolver served to downloaders in other processes, each way one of them can be pointed at a name server: UDP
 * on a port of loopback ({@code drill get --dns-server}), UDP on port 53 of an address of its own (aria2c's
 * {@code --async-dns-server}, which takes no port) and DNS over HTTPS ({@code curl --doh-url}). All answer as the
 * resolver does, its faults and TTLs included. Each is started on first use, since most worlds' clients look names
 * up in process, and all are closed together.
 */
public final class NameServers implements AutoCloseable {
    /** Addresses tried for {@link #onPort53()} before giving up: each may be taken by another world. */
    private static final int PORT_53_ADDRESSES_TRIED = 16;
    private static final String PORT_53_PRIVILEGES =
            "root, CAP_NET_BIND_SERVICE or net.ipv4.ip_unprivileged_port_start <= 53";

    private final FaultyResolver resolver;
    private final TestCertificateAuthority ca;
    private boolean closed;
    private LoopbackNameServer udp;
    private LoopbackNameServer port53;
    private DohServer doh;

    /** {@code ca} issues the DoH server's certificate; clients of {@link #dohUrl()} must trust it. */
    public NameServers(FaultyResolver resolver, TestCertificateAuthority ca) {
        this.resolver = resolver;
        this.ca = ca;
    }

    /** The UDP name server's address, a port of 127.0.0.1. */
    public synchronized InetSocketAddress udp() {
        requireOpen();
        if (udp == null) {
            try {
                udp = LoopbackNameServer.start(resolver, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (SocketException e) {
                throw new UncheckedIOException("no UDP port on loopback for the world's name server", e);
            }
        }
        return udp.address();
    }

    /**
     * The address (127.53.0.x) whose port 53 the name server listens on. Port 53 is privileged: binding it needs
     * root, {@code CAP_NET_BIND_SERVICE}, or {@code net.ipv4.ip_unprivileged_port_start} at 53 or below; without,
     * this throws saying so. Another world (in this JVM or another) may hold port 53 of an address: the next is
     * tried.
     */
    public synchronized InetAddress onPort53() {
        requireOpen();
        if (port53 == null) {
            SocketException last = null;
            for (int tried = 0; tried < PORT_53_ADDRESSES_TRIED && port53 == null; tried++) {
                InetAddress address = LoopbackAddresses.nextForPort53();
                try {
                    port53 = LoopbackNameServer.start(resolver, new InetSocketAddress(address, 53));
                } catch (SocketException e) {
                    last = e;
                    if (deniedPrivileges(e)) {
                        break; // the same for every address
                    }
                }
            }
            if (port53 == null) {
                throw new UncheckedIOException(deniedPrivileges(last)
                        ? "no port 53 on loopback for the world's name server (%s): it needs %s"
                                .formatted(last.getMessage(), PORT_53_PRIVILEGES)
                        : ("no port 53 on loopback for the world's name server: %d addresses of 127.53.0.x tried, the "
                                + "last said %s; other worlds or servers hold port 53 there, or binding it needs %s")
                                .formatted(PORT_53_ADDRESSES_TRIED, last.getMessage(), PORT_53_PRIVILEGES), last);
            }
        }
        return port53.address().getAddress();
    }

    /** The DNS-over-HTTPS (RFC 8484) endpoint, on 127.0.0.1, with a certificate from the world's CA. */
    public synchronized URI dohUrl() {
        requireOpen();
        if (doh == null) {
            doh = DohServer.start(resolver, ca, InetAddress.getLoopbackAddress());
        }
        return doh.url();
    }

    /**
     * Stops every server started; one that fails to stop does not leave the others running (the first failure is
     * thrown after all were tried).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (AutoCloseable server : Arrays.asList(udp, doh, port53)) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("a name server failed to stop", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the world is closed");
        }
    }

    /** The JDK's words for EACCES on bind; checked on the message as no subclass tells it apart. */
    private static boolean deniedPrivileges(SocketException e) {
        return String.valueOf(e.getMessage()).contains("Permission denied");
    }
}
