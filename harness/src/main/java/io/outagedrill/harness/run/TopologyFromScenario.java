package io.outagedrill.harness.run;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Step;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the fake world a scenario describes: what {@code drill run} breaks on the timeline, and what {@code drill
 * topology up SCENARIO} leaves up to break by hand.
 */
public final class TopologyFromScenario {
    private TopologyFromScenario() {
    }

    /** How a world serves the providers' {@code https} fields. */
    public enum Schemes {
        /**
         * Each provider over the scheme its field says; the manifest replicas and status pages over HTTPS unless
         * every provider is plain HTTP (a field on a provider says nothing of the publisher's own servers).
         */
        AS_WRITTEN,
        /**
         * One scheme for every part: plain HTTP if any provider says {@code https: false}, for a world whose servers
         * cannot mix them (the containers world's: a Varnish edge fills over its own scheme).
         */
        ONE_FOR_ALL;

        /** Whether a topology of {@code providers} needs these schemes to serve some provider otherwise than written. */
        public boolean changes(List<Provider> providers) {
            return this == ONE_FOR_ALL && providers.stream().anyMatch(Provider::https)
                    && !providers.stream().allMatch(Provider::https);
        }
    }

    public static Topology start(Scenario scenario, long seed, Clock clock) {
        return start(scenario, seed, clock, builder -> {
        });
    }

    /**
     * As {@link #start(Scenario, long, Clock)}, with {@code adjust} setting what a scenario does not say (such as
     * the Toxiproxy API's port) just before the world starts.
     */
    public static Topology start(Scenario scenario, long seed, Clock clock, Consumer<Topology.Builder> adjust) {
        return start(scenario, seed, clock, Schemes.AS_WRITTEN, adjust);
    }

    /** As {@link #start(Scenario, long, Clock, Consumer)}, serving the providers' schemes as {@code schemes} says. */
    public static Topology start(Scenario scenario, long seed, Clock clock, Schemes schemes,
                                 Consumer<Topology.Builder> adjust) {
        var spec = scenario.topology();
        boolean allHttps = spec.providers().stream().allMatch(Provider::https);
        boolean controlHttps = schemes == Schemes.ONE_FOR_ALL ? allHttps
                : spec.providers().stream().anyMatch(Provider::https);
        Topology.Builder builder = Topology.builder().seed(seed).https(controlHttps).clock(clock)
                .manifestReplicas(spec.manifest().replicas()).manifestTtl(spec.manifest().expiresIn());
        for (var provider : spec.providers()) {
            boolean https = schemes == Schemes.ONE_FOR_ALL ? allHttps : provider.https();
            builder.provider(provider.name(), p -> {
                p.hostname(provider.hostname()).kind(kind(provider)).group(provider.group())
                        .backend(backend(provider.backend())).https(https);
                if (provider.region() != null) {
                    p.region(provider.region());
                }
                if (provider.edgeOf() != null) {
                    p.edgeOf(provider.edgeOf());
                }
            });
        }
        for (var file : spec.files()) {
            if (file.path().isPresent()) {
                builder.file(file.name(), file.path().get(), file.chunkSize()); // the publisher's own bytes
            } else if (file.seed() == scenario.seed()) {
                builder.file(file.name(), file.size(), file.chunkSize()); // the run's seed, which --seed may change
            } else {
                // Its own seed, given in the file: its bytes stay what the scenario says whatever the run's seed.
                builder.file(file.name(), file.size(), file.chunkSize(), file.seed());
            }
        }
        if (spec.files().size() == 1 && usesWrongFileMirror(scenario.timeline())) {
            // manifest.wrong-file-mirror points the signed manifest at a mirror's URL for another file; a world with
            // one file gets a decoy of the same size, so the fault can be acted out instead of noted.
            var only = spec.files().getFirst();
            builder.file(DECOY_PREFIX + only.name(), only.size(), only.chunkSize(), ~only.seed());
        }
        adjust.accept(builder);
        Topology world = builder.start();
        long version = spec.manifest().version();
        if (version != 1) {
            // The topology publishes version 1; the scenario's clients remember its own version, so sign that one.
            for (var file : spec.files()) {
                String path = URI.create(world.manifestUrls(file.name()).getFirst()).getPath();
                var published = world.manifests().latest(path).orElseThrow();
                world.manifests().publish(path, new Manifest(published.target(),
                        published.expires(), version, published.alternates()));
            }
        }
        return world;
    }

    private static ProviderBackend backend(Backend backend) {
        return switch (backend) {
            case IN_PROCESS -> ProviderBackend.IN_PROCESS;
            case S3PROXY -> ProviderBackend.S3PROXY;
        };
    }

    /** The name of the decoy file a single-file world hosts for {@code manifest.wrong-file-mirror}. */
    static final String DECOY_PREFIX = "other-";

    private static boolean usesWrongFileMirror(List<Step> steps) {
        return Step.applied(steps).anyMatch(WrongFileMirrorFault.class::isInstance);
    }

    private static ProviderKind kind(Provider provider) {
        return switch (provider.kind()) {
            case CDN_EDGE -> ProviderKind.CDN;
            case ORIGIN -> ProviderKind.ORIGIN;
            case OBJECT_STORE -> ProviderKind.OBJECT_STORE;
        };
    }
}
