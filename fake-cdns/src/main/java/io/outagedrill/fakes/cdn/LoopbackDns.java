package io.outagedrill.fakes.cdn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process name resolution for fake providers: host name to loopback address. Deliberately a plain
 * map, so fake-cdns needs no HTTP client library; a client's resolver (OkHttp's {@code Dns}, curl's
 * {@code --resolve}) reads it. Thread-safe; a name may be re-pointed while clients run.
 */
public final class LoopbackDns {
    private final Map<String, InetAddress> names = new ConcurrentHashMap<>();

    public LoopbackDns register(String hostname, InetAddress address) {
        names.put(normalize(hostname), Objects.requireNonNull(address, "address"));
        return this;
    }

    public Optional<InetAddress> resolve(String hostname) {
        return Optional.ofNullable(names.get(normalize(hostname)));
    }

    /** The addresses of a name as a resolver returns them: one, or none when unknown. */
    public List<InetAddress> lookup(String hostname) {
        return resolve(hostname).map(List::of).orElse(List.of());
    }

    /** A snapshot of every registration. */
    public Map<String, InetAddress> asMap() {
        return Map.copyOf(names);
    }

    /** curl's {@code --resolve} value for a server: {@code host:port:address}. */
    public static String curlResolve(String hostname, InetSocketAddress bound) {
        return hostname + ":" + bound.getPort() + ":" + bound.getAddress().getHostAddress();
    }

    private static String normalize(String hostname) {
        return Objects.requireNonNull(hostname, "hostname").toLowerCase(java.util.Locale.ROOT);
    }
}
