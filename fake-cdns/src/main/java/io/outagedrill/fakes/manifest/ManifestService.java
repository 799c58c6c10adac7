package io.outagedrill.fakes.manifest;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.tls.TestCertificateAuthority;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A publisher's manifest endpoint, replicated: several {@link ManifestReplica}s (each its own host name,
 * loopback address and port, e.g. {@code manifests-a.test}, {@code manifests-b.test}) serving the JWS-signed
 * manifests {@link #publish published} here, each with a {@link ReplicaFault} switchable at runtime.
 *
 * <pre>{@code
 * try (ManifestService manifests = ManifestService.builder().dns(dns).start()) {
 *     manifests.writeTrustStore(dir.resolve("keys.jwks"));
 *     manifests.publish("/video.mp4.jws", Manifests.forContent(file, 4 << 20, mirrors, expires, 1));
 *     manifests.fault("manifests-a.test", ReplicaFault.Unsigned.algNone());
 *     fetcher.fetch(manifests.urls("/video.mp4.jws"));      // a good client lands on manifests-b.test
 * }
 * }</pre>
 *
 * <p>The signing key is an ES256 key generated at {@link Builder#start()}; only its public half leaves
 * ({@link #publicKeys()}, {@link #writeTrustStore}). Manifests are signed with
 * {@link ManifestJson.Options#ALLOW_PLAIN_HTTP}, since loopback fakes mostly serve plain HTTP; the client's
 * own options still decide what it accepts.
 *
 * <p>Why plain Jetty (through {@link FakeCdn}) and not WireMock: every replica body is computed from Java
 * state (versions, the injected clock, the fault) and re-signed on change, which WireMock's static stubs do
 * not model without a custom transformer; "connection refused" needs the listener itself closed; and
 * wiremock-jetty12 3.13.2 is built against Jetty 12.0's ee10 servlet layer while this reactor pins Jetty
 * 12.1 core, a version split the design forbids. FakeCdn already gives each replica a host name, address,
 * TLS and HTTP-level faults.
 */
public final class ManifestService implements AutoCloseable {
    public static final List<String> DEFAULT_REPLICAS = List.of("manifests-a.test", "manifests-b.test");

    private final JWK key;
    private final ManifestSigner signer;
    private final Object lock = new Object();
    private final Map<String, List<Published>> published = new LinkedHashMap<>();
    private final Map<String, ManifestReplica> replicas = new LinkedHashMap<>();

    private ManifestService(Builder builder) {
        this.key = ManifestKeys.generate(ManifestAlgorithm.ES256, builder.keyId);
        this.signer = new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        ManifestRenderer renderer = new ManifestRenderer(signer, builder.clock);
        try {
            for (String hostname : builder.replicas) {
                FakeCdn.Builder cdn = FakeCdn.builder(hostname).cacheControl("no-cache").dns(builder.dns);
                if (builder.ca != null) {
                    cdn.https(builder.ca);
                }
                replicas.put(hostname, new ManifestReplica(cdn.start(), renderer, lock, published));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code kid} in every JWS header, and of the key in {@link #publicKeys()}. */
    public String keyId() {
        return signer.keyId();
    }

    /** The public half of the signing key, as the client's trust store holds it. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** Writes {@link #publicKeys()} as a JWK Set file for {@code --trust} or {@code TrustStore.load}; returns it. */
    public Path writeTrustStore(Path file) {
        try {
            Files.writeString(file, publicKeys().toString(true) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trust store " + file, e);
        }
    }

    /** Signs {@code manifest} with the service's key: for {@link ReplicaFault.Exact} bodies a test crafts. */
    public String sign(Manifest manifest) {
        return signer.sign(manifest);
    }

    /**
     * Signs {@code manifest} and serves it at {@code path} on every replica (through each replica's fault).
     * Earlier versions at the path are kept for {@link ReplicaFault.Rollback}.
     *
     * @return the compact JWS a healthy replica now serves
     */
    public String publish(String path, Manifest manifest) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', was " + path);
        }
        String jws = signer.sign(manifest);
        synchronized (lock) {
            List<Published> history = new ArrayList<>(published.getOrDefault(path, List.of()));
            history.add(new Published(manifest, jws));
            published.put(path, List.copyOf(history));
            replicas.values().forEach(replica -> replica.republished(path));
        }
        return jws;
    }

    /** Stops serving {@code path} (404 everywhere) and forgets its versions. */
    public void withdraw(String path) {
        synchronized (lock) {
            published.remove(path);
            replicas.values().forEach(replica -> replica.withdraw(path));
        }
    }

    /** The latest manifest published at {@code path}. */
    public Optional<Manifest> latest(String path) {
        synchronized (lock) {
            return Optional.ofNullable(published.get(path)).map(history -> history.getLast().manifest());
        }
    }

    public List<ManifestReplica> replicas() {
        return List.copyOf(replicas.values());
    }

    public ManifestReplica replica(String hostname) {
        ManifestReplica replica = replicas.get(hostname);
        if (replica == null) {
            throw new NoSuchElementException("no replica " + hostname + "; replicas are " + replicas.keySet());
        }
        return replica;
    }

    /** The URLs of {@code path} on every replica, in order: the list a client's fetcher tries. */
    public List<String> urls(String path) {
        return replicas.values().stream().map(replica -> replica.url(path).toString()).toList();
    }

    /** Makes replica {@code hostname} serve {@code fault} for every path, now and after later publishes. */
    public void fault(String hostname, ReplicaFault fault) {
        replica(hostname).fault(fault);
    }

    /** Replica {@code hostname} serves the latest signed manifests again. */
    public void clearFault(String hostname) {
        replica(hostname).clearFault();
    }

    /** Every replica healthy again. */
    public void clearFaults() {
        replicas.keySet().forEach(this::clearFault);
    }

    @Override
    public void close() {
        replicas.values().forEach(ManifestReplica::close);
    }

    /** Configures a {@link ManifestService}; {@link #start()} generates the key and binds every replica. */
    public static final class Builder {
        private List<String> replicas = DEFAULT_REPLICAS;
        private String keyId = "drill-manifests";
        private Clock clock = Clock.systemUTC();
        private TestCertificateAuthority ca;
        private LoopbackDns dns;

        private Builder() {
        }

        /** Replica host names in the order clients try them (default {@link #DEFAULT_REPLICAS}). */
        public Builder replicas(String... hostnames) {
            if (hostnames.length == 0) {
                throw new IllegalArgumentException("expected at least one replica host name");
            }
            this.replicas = List.of(hostnames);
            return this;
        }

        /** The {@code kid} of the generated key (default {@code drill-manifests}). */
        public Builder keyId(String keyId) {
            this.keyId = Objects.requireNonNull(keyId, "keyId");
            return this;
        }

        /** The publisher's clock: where "now" is for {@link ReplicaFault.Expired}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Serve HTTPS with certificates from {@code ca} (default plain HTTP). */
        public Builder https(TestCertificateAuthority ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
            return this;
        }

        /** Register every replica's host name in {@code dns}. */
        public Builder dns(LoopbackDns dns) {
            this.dns = dns;
            return this;
        }

        public ManifestService start() {
            return new ManifestService(this);
        }
    }
}
