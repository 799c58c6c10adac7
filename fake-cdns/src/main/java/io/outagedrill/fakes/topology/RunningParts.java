package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.dns.FaultyResolver;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.status.StatusPageServer;
import io.outagedrill.fakes.tls.TestCertificateAuthority;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link TopologyStarter} brought up from a {@link TopologySpec}, handed to {@link Topology} whole. {@code
 * closers} holds every part that must be closed, newest first; {@code external} holds the providers' real servers
 * when they are not in-process ({@link Topology.Builder#externalServers}), else is null.
 *
 * @param providers by name, in declared order
 * @param files     by name, in declared order
 */
record RunningParts(TopologySpec spec, Map<String, ProviderNode> providers, Map<String, ServedFile> files,
                    LoopbackDns names, FaultyResolver resolver, TestCertificateAuthority ca, Path caCertificate,
                    Path trustStore, Links links, ManifestService manifests, StatusPageServer statusPages,
                    Closers closers, ExternalServers external) {
    RunningParts {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
