package io.outagedrill.harness.run;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Publishes each file's signed manifest the way the scenario describes it, over what the topology published:
 * only the file's {@code mirrors}, in the file's order (the topology lists every provider for every file), and,
 * when a {@code manifest.rollback} names a {@code version}, that version kept just below the current one, which
 * is what the manifest service serves as "the previous version" (otherwise it signs the current version minus
 * one, as the format says). Runs before any client starts.
 */
public final class ScenarioManifests {
    private ScenarioManifests() {
    }

    /**
     * Republishes every file's manifest; returns run notes on what it could not act out. Public for the JUnit
     * extension's worlds ({@code @FakeWorld(scenario = ...)}), which must sign what a run of the scenario signs.
     */
    public static List<String> publish(Scenario scenario, Topology world) {
        List<String> notes = new ArrayList<>();
        long current = world.manifests().latest(path(world, scenario.topology().files().getFirst().name()))
                .orElseThrow().version();
        Long rollbackTo = rollbackVersion(scenario, current, notes);
        for (var file : scenario.topology().files()) {
            String path = path(world, file.name());
            Manifest latest = world.manifests().latest(path).orElseThrow();
            Target target = withMirrors(latest.target(), only(latest.target().mirrors(), file.mirrors()));
            ManifestService service = world.manifests();
            // Forget the versions published so far (the topology's version 1 under the scenario's own), so the
            // previous version a rollback serves is the one asked for, or else the one below the current.
            service.withdraw(path);
            if (rollbackTo != null) {
                service.publish(path, new Manifest(target, latest.expires(), rollbackTo, latest.alternates()));
            }
            service.publish(path, new Manifest(target, latest.expires(), latest.version(), latest.alternates()));
        }
        return notes;
    }

    /** The URLs a plain downloader is given for {@code file}: the published manifest's mirrors, in its order. */
    static List<URI> mirrorUrls(Topology world, String file) {
        return world.manifests().latest(path(world, file)).orElseThrow().target().mirrors().stream()
                .map(Mirror::url).toList();
    }

    private static String path(Topology world, String file) {
        return URI.create(world.manifestUrls(file).getFirst()).getPath();
    }

    private static List<Mirror> only(List<Mirror> all, List<String> providers) {
        Map<String, Mirror> byProvider = all.stream().collect(Collectors.toMap(Mirror::provider,
                Function.identity()));
        return providers.stream().map(byProvider::get).filter(Objects::nonNull).toList();
    }

    private static Target withMirrors(Target t, List<Mirror> mirrors) {
        return new Target(t.file(), t.size(), t.sha256(), t.mimeType(), t.chunkSize(), t.chunks(), mirrors);
    }

    /**
     * The version {@code manifest.rollback} faults ask for, or null for the default (one below the current). The
     * service keeps one "previous version" per path, so only one asked-for version can be acted out.
     */
    private static Long rollbackVersion(Scenario scenario, long current, List<String> notes) {
        List<Long> distinct = Step.applied(scenario.timeline()).<Long>mapMulti((fault, asked) -> {
            if (fault instanceof ManifestFault m && m.serve() instanceof ReplicaFault.Rollback r
                    && r.version() != null) {
                asked.accept(r.version());
            }
        }).distinct().toList();
        if (distinct.isEmpty()) {
            return null;
        }
        Long version = distinct.getFirst();
        if (distinct.size() > 1) {
            notes.add(String.format(Locale.ROOT, "manifest.rollback versions %s not acted on: every rollback serves "
                    + "version %d (the manifest service keeps one previous version)",
                    distinct.subList(1, distinct.size()), version));
        }
        if (version >= current) {
            notes.add(String.format(Locale.ROOT, "manifest.rollback version %d not acted on: it is not below the "
                    + "published version %d, so the rollback serves version %d", version, current, current - 1));
            return null;
        }
        return version;
    }
}
