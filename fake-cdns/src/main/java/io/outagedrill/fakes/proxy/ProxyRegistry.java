package io.outagedrill.fakes.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The proxies of one server: what the control API manipulates, and the same operations for Java callers.
 * Failures are {@link ApiException}s with Toxiproxy's status and message. Operations are serialised: the
 * control API is not a hot path, and one lock keeps create/delete/reset races out of the picture.
 */
public final class ProxyRegistry {
    private final ProxyRuntime runtime;
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    ProxyRegistry(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    /** Creates and (if enabled) starts a proxy; 409 if the name exists, 500 if it can't listen. */
    public synchronized ProxyConfig create(ProxyConfig requested) {
        validate(requested, "");
        if (proxies.containsKey(requested.name())) {
            throw new ApiException(409, "proxy already exists");
        }
        TcpProxy proxy = startedIfEnabled(requested);
        proxies.put(requested.name(), proxy);
        return proxy.config();
    }

    /**
     * Toxiproxy's populate: creates or replaces each proxy in order; an existing one is replaced only when its
     * listen address (compared resolved) or upstream differs.
     */
    synchronized PopulateResult populate(List<ProxyConfig> requested) {
        for (int i = 0; i < requested.size(); i++) {
            validate(requested.get(i), " at proxy " + (i + 1));
        }
        List<ProxyConfig> done = new ArrayList<>();
        for (ProxyConfig wanted : requested) {
            try {
                TcpProxy existing = proxies.get(wanted.name());
                if (existing != null && !existing.differs(wanted.listen(), wanted.upstream())) {
                    done.add(existing.config());
                    continue;
                }
                if (existing != null) {
                    existing.stop();
                    proxies.remove(wanted.name());
                }
                TcpProxy proxy = startedIfEnabled(wanted);
                proxies.put(wanted.name(), proxy);
                done.add(proxy.config());
            } catch (ApiException e) {
                return new PopulateResult(done, e);
            }
        }
        return new PopulateResult(done, null);
    }

    record PopulateResult(List<ProxyConfig> proxies, ApiException error) {
    }

    public synchronized ProxyConfig get(String name) {
        return proxy(name).config();
    }

    public synchronized Optional<ProxyConfig> find(String name) {
        return Optional.ofNullable(proxies.get(name)).map(TcpProxy::config);
    }

    public synchronized List<ProxyConfig> list() {
        return proxies.values().stream().map(TcpProxy::config).toList();
    }

    /** Toxiproxy's update: a changed listen or upstream restarts the proxy, then {@code enabled} applies. */
    public synchronized ProxyConfig update(String name, String listen, String upstream, boolean enabled) {
        TcpProxy proxy = proxy(name);
        validate(new ProxyConfig(name, listen, upstream, enabled), ""); // what create checks, on the changed fields
        proxy.update(listen, upstream, enabled);
        return proxy.config();
    }

    /** Disabling is the "down" state: the listener closes and open connections are cut. */
    public synchronized ProxyConfig setEnabled(String name, boolean enabled) {
        ProxyConfig current = get(name);
        return update(name, current.listen(), current.upstream(), enabled);
    }

    public synchronized void delete(String name) {
        proxy(name).stop();
        proxies.remove(name);
    }

    /** Enables every proxy and removes every toxic. */
    public synchronized void reset() {
        for (TcpProxy proxy : proxies.values()) {
            proxy.toxics.clear();
            proxy.start();
        }
    }

    /** The bound address, or empty while the proxy is disabled. */
    public synchronized Optional<InetSocketAddress> listenAddress(String name) {
        return Optional.ofNullable(proxy(name).listenAddress());
    }

    public synchronized int openConnections(String name) {
        return proxy(name).openConnections();
    }

    public synchronized List<ToxicConfig> toxics(String proxyName) {
        return proxy(proxyName).toxics.list();
    }

    public synchronized ToxicConfig toxic(String proxyName, String toxicName) {
        return proxy(proxyName).toxics.get(toxicName);
    }

    /** Adds a toxic; attributes left out take their defaults. */
    public synchronized ToxicConfig addToxic(String proxyName, ToxicConfig toxic) {
        TcpProxy proxy = proxy(proxyName);
        if (!ToxicTypes.isKnown(toxic.type())) {
            throw new ApiException(400, "invalid toxic type");
        }
        return proxy.toxics.add(toxic.withAttributes(ToxicTypes.complete(toxic.type(), toxic.attributes(), runtime.seeds())));
    }

    /** Changes a toxic; only attributes and toxicity may change (name, type and stream are kept). */
    public synchronized ToxicConfig updateToxic(String proxyName, String toxicName, UnaryOperator<ToxicConfig> change) {
        return proxy(proxyName).toxics.update(toxicName, current -> {
            ToxicConfig wanted = change.apply(current);
            return new ToxicConfig(current.name(), current.type(), current.stream(), wanted.toxicity(),
                    wanted.attributes(), current.streamName());
        });
    }

    public synchronized void removeToxic(String proxyName, String toxicName) {
        proxy(proxyName).toxics.remove(toxicName);
    }

    Random seeds() {
        return runtime.seeds();
    }

    synchronized void closeAll() {
        proxies.values().forEach(TcpProxy::stop);
        proxies.clear();
    }

    private TcpProxy startedIfEnabled(ProxyConfig requested) {
        TcpProxy proxy = new TcpProxy(requested, runtime);
        if (requested.enabled()) {
            proxy.start();
        }
        return proxy;
    }

    private TcpProxy proxy(String name) {
        TcpProxy proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiException.proxyNotFound();
        }
        return proxy;
    }

    private static void validate(ProxyConfig config, String where) {
        if (config.name().isEmpty()) {
            throw ApiException.missingField("name" + where);
        }
        if (config.upstream().isEmpty()) {
            throw ApiException.missingField("upstream" + where);
        }
        try {
            Upstream.check(config.upstream());
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.getMessage() + where);
        }
    }
}
