package io.outagedrill.client.transfer;

import io.outagedrill.client.BudgetedSockets;
import io.outagedrill.client.EngineSockets;
import io.outagedrill.client.OkHttpHeaderGuard;
import io.outagedrill.client.UndeclaredInterrupt;
import io.outagedrill.client.transfer.http.SocketSeen;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Builds the OkHttp client the transfer needs: no automatic redirects (only those to signed mirrors are
 * followed, by the fetcher), no silent retries (the engine decides; the one it makes itself is a request sent again
 * after meeting a pooled connection its mirror had closed, {@code PooledConnectionWatch}), connect and first-byte
 * timeouts from the
 * config (the whole wait for headers is bounded per call by the range fetcher), certificate and host-name
 * checks always on.
 */
public final class HttpClients {
    private HttpClients() {
    }

    public static OkHttpClient create(TransferConfig config) {
        return configure(new OkHttpClient.Builder(), config).build();
    }

    /** Applies the transfer's rules to a caller's builder (which may carry its own DNS, TLS trust or proxy). */
    public static OkHttpClient.Builder configure(OkHttpClient.Builder builder, TransferConfig config) {
        return SocketSeen.install(OkHttpHeaderGuard.install(UndeclaredInterrupt.install(builder)))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // Each read while waiting for response headers; the whole header phase is bounded per call by
                // HeaderDeadline (a read timeout alone lets headers sent one byte at a time through), and the body
                // reader then bounds each read by the stall timeout (BodyReader). OkHttp also puts the read timeout on
                // the socket (SO_TIMEOUT), which the body reader cannot change: below the stall limit it would cut a
                // silent body early, reported as a stall of the wrong length, so it is never less than that limit.
                .readTimeout(Math.max(config.firstByteTimeout().toMillis(), config.stallTimeout().toMillis()),
                        TimeUnit.MILLISECONDS)
                .writeTimeout(config.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Resolves the given names to fixed addresses (like curl's {@code --resolve}) and everything else through
     * the system. Used to point provider names such as {@code cloudflare.test} at loopback servers.
     */
    public static Dns resolving(Map<String, InetAddress> fixed) {
        return resolving(fixed, Dns.SYSTEM);
    }

    /** {@code fixed} names first, every other one from {@code others} (the system's resolver, or a name server). */
    public static Dns resolving(Map<String, InetAddress> fixed, Dns others) {
        if (fixed.isEmpty()) {
            return others; // no --resolve: nothing to look up first
        }
        Map<String, InetAddress> names = fixed.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        return new FixedNames(names, others);
    }

    /**
     * A class, not a lambda: OkHttp's {@code Dns} has a static initialiser (its {@code SYSTEM}), and the JDK's AOT
     * cache (JDK 25) keeps no lambda of such an interface, so one would be spun at run time on every start. Not a
     * record either: OkHttp compares the Dns it is given with its own, and a record's {@code equals} is linked on
     * first use by a bootstrap method no AOT cache keeps (13 ms of the start's wall time, in a profile).
     */
    private static final class FixedNames implements Dns {
        private final Map<String, InetAddress> names;
        private final Dns others;

        FixedNames(Map<String, InetAddress> names, Dns others) {
            this.names = names;
            this.others = others;
        }

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            InetAddress address = names.get(hostname.toLowerCase(Locale.ROOT));
            if (address != null) {
                return List.of(address);
            }
            return others.lookup(hostname);
        }
    }

    /**
     * {@link #resolving} for {@code HOST:ADDRESS} pairs as typed on a command line ({@code --resolve}); throws
     * {@link IllegalArgumentException} naming the first one that is not a pair.
     */
    public static Dns resolving(List<String> specs) {
        return resolving(specs, Dns.SYSTEM);
    }

    /** {@link #resolving(List)}, every name not among them looked up by {@code others}. */
    public static Dns resolving(List<String> specs, Dns others) {
        Map<String, InetAddress> fixed = new java.util.LinkedHashMap<>();
        for (String spec : specs) {
            Map.Entry<String, InetAddress> entry = parseResolve(spec);
            fixed.put(entry.getKey(), entry.getValue());
        }
        return resolving(fixed, others);
    }

    /** Parses a fixed name resolution {@code HOST:ADDRESS}, as curl's {@code --resolve} takes it. */
    public static Map.Entry<String, InetAddress> parseResolve(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("expected HOST:ADDRESS (e.g. cloudflare.test:127.0.0.2), saw '"
                    + spec + "'");
        }
        String address = spec.substring(colon + 1);
        try {
            return Map.entry(spec.substring(0, colon), InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(spec + ": '" + address + "' is not an IP address", e);
        }
    }

    /**
     * A client builder that reaches a set of servers the caller names: trusting only the CA in {@code caPem} (a
     * test world's, or a command line's {@code --ca-cert}; null for the system's CAs) and resolving through
     * {@code dns}, with the JDK's TLS, offering HTTP/1.1 alone. The rest (timeouts, the transfer's rules) is the
     * caller's to add.
     */
    public static OkHttpClient.Builder builder(Path caPem, Dns dns) throws IOException {
        return builder(caPem, dns, TlsProvider.JDK);
    }

    /** {@link #builder(Path, Dns)} with the given TLS implementation (the CLI's {@code --tls}). */
    public static OkHttpClient.Builder builder(Path caPem, Dns dns, TlsProvider tls) throws IOException {
        // Reads counted against the reading thread's framing budget (ReadBudget), by EngineSocket under Conscrypt.
        // HTTP/1.1 alone, as BudgetedSockets.bounding gives the downloader: this builder also serves callers that
        // make no Downloader (drill route's probes and status reads), whom an HTTP/2 header block without end
        // would wedge as well, and whose probes should measure the protocol downloads use.
        OkHttpClient.Builder builder = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).dns(dns)
                .socketFactory(BudgetedSockets.direct());
        if (caPem == null && tls == TlsProvider.JDK) {
            return builder; // OkHttp's own default: the JDK's TLS and CAs
        }
        TlsProvider resolved = tls.resolve();
        X509TrustManager trust = caPem == null ? systemTrust(resolved) : trustOnlyManager(caPem, resolved);
        try {
            if (resolved == TlsProvider.CONSCRYPT) {
                // Conscrypt's engine over channels, reading into direct buffers (EngineSocket)
                return builder.socketFactory(BudgetedSockets.channels())
                        .sslSocketFactory(new EngineSockets(resolved.context(trust)), trust);
            }
            // Each TLS socket's plain one remembered, for the kernel's count of what waits unread (SocketSeen).
            return builder.sslSocketFactory(BudgetedSockets.layered(resolved.socketFactory(trust)), trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS (" + tls + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@code client} with every connection made from {@code local} (the CLI's {@code --bind-address}, a fleet's
     * simulated client on a loopback address of its own). The client must have been made here
     * ({@link #builder}), whose sockets count what they read against the framing budget.
     */
    public static OkHttpClient boundTo(OkHttpClient client, InetAddress local) {
        if (!(client.socketFactory() instanceof BudgetedSockets sockets)) {
            throw new IllegalArgumentException("a client whose sockets are not BudgetedSockets' cannot be bound here");
        }
        // A pool of its own: a connection the unbound client made must not be reused as if made from local.
        return client.newBuilder().socketFactory(sockets.boundTo(local)).connectionPool(new ConnectionPool()).build();
    }

    /**
     * A local address to connect from, as a command line gives it: an IP address (no name is looked up) that this
     * machine has, checked by binding to it once. Throws {@link IllegalArgumentException} saying which it is not.
     */
    public static InetAddress localAddress(String text) {
        InetAddress address;
        try {
            // dnsjava's parser takes literals only, as for --dns-server (NameServerDns.parseServer): no lookup.
            address = org.xbill.DNS.Address.getByAddress(text.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("expected an IP address of this machine (e.g. 127.0.0.5), saw '"
                    + text + "'", e);
        }
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            throw new IllegalArgumentException("%s is not an address of this machine (%s)".formatted(
                    address.getHostAddress(), e.getMessage()));
        }
        return address;
    }

    /**
     * Trusts exactly the certificates in a PEM file (a test CA) and nothing else. Host names are still checked.
     */
    public static OkHttpClient.Builder trustOnly(OkHttpClient.Builder builder, Path pemFile) throws IOException {
        X509TrustManager trust = trustOnlyManager(pemFile, TlsProvider.JDK);
        try {
            return builder.sslSocketFactory(BudgetedSockets.layered(TlsProvider.JDK.socketFactory(trust)), trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + pemFile + " as trusted CA: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustOnlyManager(Path pemFile, TlsProvider tls) throws IOException {
        // Read whole first: Conscrypt's PEM parser (the certificate factory once Conscrypt is the first provider, as
        // in the CLI) reads its stream a byte at a time, which on a file's own stream is a system call per byte
        // (about 5 ms of the start for a 2 KB CA file).
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pemFile))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("no certificate found in " + pemFile);
            }
            return tls.trustManager(store);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + pemFile + " as trusted CA: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager systemTrust(TlsProvider tls) throws IOException {
        try {
            return tls.trustManager(null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the system's trusted CAs: " + e.getMessage(), e);
        }
    }
}
