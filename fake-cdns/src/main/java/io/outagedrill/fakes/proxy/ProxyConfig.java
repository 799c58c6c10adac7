package io.outagedrill.fakes.proxy;

import java.util.Objects;

/**
 * A proxy as the control API shows it, without its toxics. {@code listen} is the address actually bound once
 * the proxy has started (so port 0 becomes the real port).
 */
public record ProxyConfig(String name, String listen, String upstream, boolean enabled) {
    public ProxyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstream, "upstream");
    }

    /** An enabled proxy on a port the OS picks. */
    public static ProxyConfig of(String name, String upstream) {
        return new ProxyConfig(name, "127.0.0.1:0", upstream, true);
    }

    ProxyConfig withListen(String newListen) {
        return new ProxyConfig(name, newListen, upstream, enabled);
    }

    ProxyConfig withEnabled(boolean on) {
        return new ProxyConfig(name, listen, upstream, on);
    }
}
