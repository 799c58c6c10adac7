package io.outagedrill.harness.run;

import io.outagedrill.fakes.http.ActiveFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.network.AddedToxic;
import io.outagedrill.fakes.network.ToxicSpec;
import io.outagedrill.fakes.status.StatusPage;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.DnsFault;
import io.outagedrill.harness.scenario.Fault;
import io.outagedrill.harness.scenario.HttpFault;
import io.outagedrill.harness.scenario.ManifestFault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.StatusPageFault;
import io.outagedrill.harness.scenario.TlsFault;
import io.outagedrill.harness.scenario.ToxicFault;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario's faults into actions on a running {@link Topology}, and remembers how to undo each one by
 * its id. Toxics and links down go through the world's network port ({@link Topology#network()}); everything
 * else through the topology's other handles.
 */
final class FaultDriver {
    private final Topology world;
    private final Scenario scenario;
    private final long seed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Undo actions per active fault id, newest last. */
    private final Map<String, Deque<Undo>> active = new LinkedHashMap<>();

    /** A fault kind the scenario format knows but this topology cannot act out yet: reported, not hidden. */
    static final class NotSupportedHere extends RuntimeException {
        NotSupportedHere(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Undo {
        void run() throws IOException, InterruptedException;
    }

    FaultDriver(Topology world, Scenario scenario, long seed) {
        this.world = world;
        this.scenario = scenario;
        this.seed = seed;
    }

    /**
     * Opens the connection to the fault proxy's API before the timeline needs it: the first call of a cold
     * {@link HttpClient} costs up to seconds on a loaded machine, which made the first toxic of a run (say one at
     * {@code atProgress: 30%}) land seconds after its moment. Failures here are left for {@link #apply} to report.
     */
    void warmUp() throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(world.toxiproxyUri().resolve("/version")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException ignored) {
            // apply() reports a proxy that does not answer, with the fault it could not apply
        }
    }

    synchronized void apply(Fault fault) throws IOException, InterruptedException {
        Deque<Undo> undo = active.computeIfAbsent(fault.id(), id -> new ArrayDeque<>());
        switch (fault) {
            case ToxicFault.Down down -> {
                for (String provider : providers(down.target())) {
                    world.network().down(provider);
                    undo.add(() -> world.network().up(provider));
                }
            }
            case ToxicFault toxic -> {
                for (String provider : providers(toxic.target())) {
                    undo.add(addToxic(provider, toxic));
                }
            }
            case HttpFault rule -> {
                for (String provider : providers(rule.target())) {
                    ActiveFault added = world.http(provider).add(httpRule(rule), scope(rule));
                    undo.add(added::clear);
                }
            }
            case DnsFault dns -> {
                for (String provider : providers(dns.target())) {
                    String host = world.provider(provider).hostname();
                    world.dns().ttl(host, dns.ttl());
                    world.dns().fault(host, dnsFault(dns));
                    undo.add(() -> world.dns().clearFault(host));
                }
            }
            case TlsFault tls -> {
                CertificateKind kind = switch (tls) {
                    case TlsFault.WrongHost w -> CertificateKind.WRONG_HOST;
                    case TlsFault.Expired e -> CertificateKind.EXPIRED;
                    case TlsFault.SelfSigned s -> CertificateKind.SELF_SIGNED;
                };
                for (String provider : providers(tls.target())) {
                    world.tls(provider).present(kind);
                    undo.add(() -> world.tls(provider).restore());
                }
            }
            case StatusPageFault page -> {
                for (String provider : providers(page.target())) {
                    StatusPage status = world.status(provider);
                    String incident = page.incident() == null ? page.id() : page.incident();
                    switch (page) {
                        case StatusPageFault.Operational o -> status.operational();
                        case StatusPageFault.Degraded d -> status.degraded(incident);
                        case StatusPageFault.MajorOutage m -> status.majorOutage(incident);
                    }
                    undo.add(status::resolve);
                }
            }
            case ManifestFault manifest -> {
                for (ManifestReplica replica : replicas(manifest.replica())) {
                    world.manifests().fault(replica.hostname(), replicaFault(manifest));
                    undo.add(() -> world.manifests().clearFault(replica.hostname()));
                }
            }
            case Fault.CacheFlush flush -> {
                for (String provider : providers(flush.target())) {
                    if (!world.provider(provider).isEdge()) {
                        throw new NotSupportedHere("cache.flush: " + provider + " caches nothing; give it "
                                + "`edgeOf: ORIGIN` to put it in front of an origin");
                    }
                }
                // Instant, with nothing to undo: the cache refills itself from the origin as requests come.
                providers(flush.target()).forEach(provider -> world.edge(provider).flush());
            }
        }
    }

    synchronized void clear(String id) throws IOException, InterruptedException {
        Deque<Undo> undo = active.remove(id);
        if (undo == null) {
            return;
        }
        while (!undo.isEmpty()) {
            undo.removeLast().run();
        }
    }

    synchronized List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    synchronized void clearAll() throws IOException, InterruptedException {
        for (String id : new ArrayList<>(active.keySet())) {
            clear(id);
        }
    }

    private List<String> providers(String target) {
        return scenario.topology().resolve(target).stream().map(p -> p.name()).toList();
    }

    private List<ManifestReplica> replicas(Integer oneBased) {
        List<ManifestReplica> all = world.manifestReplicas();
        return oneBased == null ? all : List.of(all.get(oneBased - 1));
    }

    /** A seed per fault id: the same scenario seed gives the same draws, and two faults do not share draws. */
    private long seedFor(String id) {
        return seed * 31 + id.hashCode();
    }

    /** The toxic as Toxiproxy's {type, attributes}, passed through the world's network port for the proxy to check. */
    private Undo addToxic(String provider, ToxicFault toxic) {
        Map<String, Number> attributes = new LinkedHashMap<>(toxic.attributes());
        if (toxic instanceof ToxicFault.Corrupt corrupt && corrupt.seed() == null) {
            attributes.put("seed", seedFor(toxic.id()));
        }
        AddedToxic added = world.network().addToxic(provider, new ToxicSpec(toxic.id() + "-" + provider,
                toxic.type(), ToxicSpec.Stream.valueOf(toxic.stream().name()), toxic.toxicity(), attributes));
        return added::remove;
    }

    private FaultRule httpRule(HttpFault fault) {
        return switch (fault) {
            case HttpFault.Status s -> new FaultRule.Status(s.code(),
                    s.retryAfter() == null ? null : (int) s.retryAfter().toSeconds());
            case HttpFault.Redirect r -> new FaultRule.Redirect(r.location(), r.code());
            case HttpFault.IgnoreRange i -> new FaultRule.IgnoreRange();
            case HttpFault.WrongContentRange w -> new FaultRule.WrongContentRange(w.shift(), w.claimedTotal());
            case HttpFault.CutShort c -> new FaultRule.CutShort(c.after());
            case HttpFault.Endless e -> new FaultRule.Endless(e.maxBytes());
            case HttpFault.CorruptBytes c -> new FaultRule.CorruptBytes(c.offsets());
            // The named file's own bytes, size and ETag: a "new version" or "wrong file" is a real file of the world.
            case HttpFault.SwapContent s -> new FaultRule.SwapContent(world.file(s.file()));
            case HttpFault.Gzip g -> new FaultRule.Gzip();
            case HttpFault.SlowFirstByte s -> new FaultRule.SlowFirstByte(s.delay().toMillis());
            case HttpFault.Dribble d -> new FaultRule.Dribble((int) d.chunk(), d.every().toMillis());
            case HttpFault.Stall s -> new FaultRule.Stall(s.after(), s.maxHold().toMillis());
        };
    }

    private io.outagedrill.fakes.http.Scope scope(HttpFault fault) {
        HttpFault.Scope s = fault.scope();
        io.outagedrill.fakes.http.Scope scope = io.outagedrill.fakes.http.Scope.all();
        if (s.path() != null) {
            scope = scope.path(s.path());
        }
        if (s.firstByte() != null) {
            scope = scope.bytes(s.firstByte(), s.lastByte() == null ? Long.MAX_VALUE - 1 : s.lastByte());
        }
        if (s.afterRequests() > 0) {
            scope = scope.afterRequests(s.afterRequests());
        }
        if (s.times() != null) {
            scope = scope.times(s.times());
        }
        if (s.probability() != null) {
            scope = scope.probability(s.probability(), seedFor(fault.id()));
        }
        return scope;
    }

    private static io.outagedrill.fakes.dns.DnsFault dnsFault(DnsFault fault) {
        return switch (fault) {
            case DnsFault.NxDomain n -> new io.outagedrill.fakes.dns.DnsFault.NxDomain();
            case DnsFault.ServFail s -> new io.outagedrill.fakes.dns.DnsFault.ServFail();
            case DnsFault.Empty e -> new io.outagedrill.fakes.dns.DnsFault.EmptyAnswer();
            case DnsFault.Slow s -> new io.outagedrill.fakes.dns.DnsFault.Slow(s.delay().toMillis());
            // An address where nothing listens; the fault's ttl keeps it in answers cached before the clear.
            case DnsFault.Stale s -> new io.outagedrill.fakes.dns.DnsFault.Stale();
        };
    }

    private ReplicaFault replicaFault(ManifestFault fault) {
        return switch (fault) {
            case ManifestFault.Down d -> new ReplicaFault.Refused();
            case ManifestFault.Expired e -> ReplicaFault.Expired.anHourAgo();
            case ManifestFault.Rollback r -> new ReplicaFault.Rollback();
            case ManifestFault.BadSignature b -> new ReplicaFault.BadSignature();
            case ManifestFault.Unsigned u -> ReplicaFault.Unsigned.algNone();
            case ManifestFault.WrongFileMirror w -> new ReplicaFault.WrongFileMirror(wrongFileMirror(w.mirror()));
        };
    }

    /**
     * The named provider's URL for another file of the topology: a genuine file, served correctly, that is not
     * the one the manifest describes (the wrong-software attack through a signed manifest).
     */
    private io.outagedrill.client.manifest.Mirror wrongFileMirror(String providerName) {
        String signed = scenario.topology().files().getFirst().name();
        // The world's files, not the scenario's: a single-file world hosts a decoy for this fault.
        String other = world.files().stream().map(f -> f.name()).filter(n -> !n.equals(signed))
                .findFirst().orElseThrow(() -> new NotSupportedHere("manifest.wrong-file-mirror needs a second file "
                        + "in the topology: the mirror it names must serve a file other than " + signed));
        var provider = world.provider(providerName);
        java.net.URI url = world.mirrorUrls(other).stream()
                .filter(u -> u.getHost().equals(provider.hostname())).findFirst().orElseThrow();
        return new io.outagedrill.client.manifest.Mirror(provider.name(), url, provider.priority(), provider.region(),
                provider.group());
    }
}
