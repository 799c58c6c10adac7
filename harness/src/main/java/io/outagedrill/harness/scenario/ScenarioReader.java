package io.outagedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.outagedrill.client.publish.ManifestDraft;
import io.outagedrill.control.RoutingLimits;
import io.outagedrill.harness.scenario.Step.Action;
import io.outagedrill.harness.scenario.Step.Trigger;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.FileSpec;
import io.outagedrill.harness.scenario.Topology.ManifestSpec;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a schema-valid tree into the model, filling in defaults and resolving clock times. Throws
 * {@link Fields.Bad} at the first value it cannot use; cross-references are {@link ScenarioChecker}'s job.
 */
final class ScenarioReader {
    static final long DEFAULT_CHUNK_SIZE = 4L << 20;
    private static final List<String> SLO_KINDS = List.of("completeWithin", "corruptFilesAccepted",
            "maxFailoversPerDownload", "maxWastedPercent", "timeToRecover", "expectRejection", "resignedWithin",
            "firstRequestsTo", "maxRepublications");
    private static final List<String> WINDOWS = List.of("before", "during", "after");

    private LocalTime clock;
    /** Where a file's relative {@code path} starts: the scenario file's folder. */
    private final Path folder;

    private ScenarioReader(Path folder) {
        this.folder = folder;
    }

    /** Reads the tree; a file's relative {@code path} is resolved against {@code folder}. */
    static Scenario read(JsonNode root, Path folder) {
        return new ScenarioReader(folder).scenario(new Fields(root, ""));
    }

    private Scenario scenario(Fields f) {
        clock = f.has("clock") ? Values.clock(f.text("clock")).orElseThrow(() -> f.saw("clock", Values.EXPECTED_CLOCK))
                : null;
        long seed = f.integer("seed");
        double compress = f.number("compress", 1);
        if (compress < 1) {
            throw new Fields.Bad(f.pointer("compress"), "expected a factor of at least 1, saw " + compress);
        }
        Topology topology = topology(f.object("topology"), seed);
        List<Fields> clients = f.objects("clients");
        List<ClientGroup> groups = new java.util.ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            groups.add(client(clients.get(i), i, topology));
        }
        return new Scenario(f.text("name"), f.text("description"), f.text("source", null), f.strings("tags"), seed,
                compress, clock, topology, groups, f.list("timeline", s -> step(s, false)), f.list("slos", this::slo),
                f.has("routing") ? routing(f.object("routing")) : null);
    }

    private static Routing routing(Fields f) {
        int failAfter = f.smallInteger("failAfter", 2);
        int recoverAfter = f.smallInteger("recoverAfter", 3);
        if (failAfter < 1) {
            throw f.saw("failAfter", "expected 1 or more");
        }
        if (recoverAfter < 1) {
            throw f.saw("recoverAfter", "expected 1 or more");
        }
        // The same limits drill route puts on its options (RoutingLimits), said at the field.
        return new Routing(limited(f, "interval", Duration.ofSeconds(1), RoutingLimits::intervalProblem),
                failAfter, recoverAfter,
                limited(f, "slowFirstByte", Duration.ofSeconds(2), RoutingLimits::slowFirstByteProblem),
                limited(f, "probeTimeout", Duration.ofSeconds(3), RoutingLimits::probeTimeoutProblem));
    }

    /** The duration {@code name}, refused at its field when {@code problem} says what was expected of it. */
    private static Duration limited(Fields f, String name, Duration byDefault,
                                    java.util.function.Function<Duration, java.util.Optional<String>> problem) {
        Duration value = f.duration(name, byDefault);
        problem.apply(value).ifPresent(expected -> {
            throw f.saw(name, expected);
        });
        return value;
    }

    private Topology topology(Fields f, long seed) {
        List<Provider> providers = f.list("providers", ScenarioReader::provider);
        List<String> all = providers.stream().map(Provider::name).toList();
        List<FileSpec> files = f.list("files", file -> file(file, all, seed));
        ManifestSpec manifest = ManifestSpec.DEFAULT;
        if (f.has("manifest")) {
            Fields m = f.object("manifest");
            manifest = new ManifestSpec(m.smallInteger("replicas", 1),
                    m.duration("expiresIn", ManifestSpec.DEFAULT.expiresIn()), m.integer("version", 1));
        }
        return new Topology(providers, files, manifest);
    }

    /** A generated file ({@code size}, {@code seed}) or one on disk ({@code path}): one or the other. */
    private FileSpec file(Fields f, List<String> providers, long seed) {
        List<String> mirrors = f.has("mirrors") ? f.strings("mirrors") : providers;
        if (f.has("path") == f.has("size")) {
            throw new Fields.Bad(f.pointer(), f.has("path")
                    ? "expected either \"size\" (a generated file) or \"path\" (a file on disk), saw both"
                    : "missing required field \"size\" (a generated file) or \"path\" (a file on disk)");
        }
        if (!f.has("path")) {
            return new FileSpec(f.text("name"), f.size("size"), f.size("chunkSize", DEFAULT_CHUNK_SIZE), mirrors,
                    f.integer("seed", seed));
        }
        if (f.has("seed")) {
            throw new Fields.Bad(f.pointer("seed"), "a file on disk (\"path\") has its own bytes; \"seed\" is for "
                    + "generated files");
        }
        Path path;
        try {
            path = folder.resolve(f.text("path")).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new Fields.Bad(f.pointer("path"), "not a path: " + e.getMessage());
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new Fields.Bad(f.pointer("path"), (Files.exists(path) ? "not a readable file: " : "no such file: ")
                    + path);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new Fields.Bad(f.pointer("path"), "cannot read the size of " + path + ": " + e);
        }
        // As `drill manifest create` and `drill topology up --file` sign it: 4 MiB, doubled for a very large file.
        return new FileSpec(f.text("name"), size, f.size("chunkSize", ManifestDraft.chunkSizeFor(size)), mirrors,
                seed, Optional.of(path));
    }

    private static Provider provider(Fields f) {
        String name = f.text("name");
        ProviderKind kind = ProviderKind.valueOf(f.text("kind").toUpperCase(Locale.ROOT).replace('-', '_'));
        Backend backend = Backend.valueOf(f.text("backend", "in-process").toUpperCase(Locale.ROOT).replace('-', '_'));
        return new Provider(name, kind, f.text("hostname", name + ".test"), f.text("region", null),
                f.text("group", name), f.bool("https", true), f.text("edgeOf", null), backend);
    }

    private static ClientGroup client(Fields f, int index, Topology topology) {
        String file = f.text("file", topology.files().size() == 1 ? topology.files().getFirst().name() : null);
        Map<String, Object> options = new LinkedHashMap<>();
        JsonNode raw = optionsNode(f);
        if (raw != null) {
            raw.properties().forEach(e -> options.put(e.getKey(),
                    e.getValue().isNumber() ? e.getValue().numberValue()
                            : e.getValue().isBoolean() ? (Object) e.getValue().booleanValue() : e.getValue().asText()));
        }
        return new ClientGroup(f.text("name", "clients-" + (index + 1)), f.smallInteger("count", 1),
                ClientGroup.Client.parse(f.text("client", "reference")), f.text("policy", null),
                f.duration("stagger", Duration.ZERO), file, options);
    }

    private static JsonNode optionsNode(Fields f) {
        return f.has("options") ? f.rawObject("options") : null;
    }

    private Step step(Fields f, boolean insideRepeat) {
        Trigger trigger = trigger(f, insideRepeat);
        List<String> actions = List.of("apply", "clear", "repeat").stream().filter(f::has).toList();
        if (actions.size() != 1) {
            throw new Fields.Bad(f.pointer(), actions.isEmpty()
                    ? "a step needs one of apply, clear or repeat"
                    : "a step does one thing; this one has " + String.join(" and ", actions) + " (split it in two)");
        }
        Action action = switch (actions.getFirst()) {
            case "apply" -> new Action.Apply(FaultKinds.read(f.object("apply")));
            case "clear" -> "all".equals(f.text("clear")) ? new Action.ClearAll() : new Action.Clear(f.text("clear"));
            default -> {
                if (insideRepeat) {
                    throw new Fields.Bad(f.pointer("repeat"), "a repeat cannot contain another repeat");
                }
                if (trigger instanceof Trigger.AtProgress) {
                    // The player lays a repeat's iterations out on the clock before the run starts; a progress has
                    // no time until it is reached, so such a step would never play.
                    throw new Fields.Bad(f.pointer("atProgress"), "a repeat starts at a scenario time (\"at\"), "
                            + "not at a progress");
                }
                Fields r = f.object("repeat");
                yield new Action.Repeat(r.duration("every"), r.smallInteger("times"),
                        r.list("steps", s -> step(s, true)));
            }
        };
        return new Step(trigger, action, f.text("note", null));
    }

    private Trigger trigger(Fields f, boolean insideRepeat) {
        boolean at = f.has("at");
        boolean progress = f.has("atProgress");
        if (at == progress) {
            throw new Fields.Bad(f.pointer(), at ? "a step fires at a time or at a progress, not both"
                    : "a step needs \"at\" (a scenario time) or \"atProgress\" (a share of bytes)");
        }
        if (f.has("progressOf") && !progress) {
            throw new Fields.Bad(f.pointer("progressOf"), "progressOf goes with atProgress");
        }
        if (progress) {
            if (insideRepeat) {
                throw new Fields.Bad(f.pointer("atProgress"), "steps inside a repeat fire at offsets (\"at\") only");
            }
            Step.ProgressOf of = "any-client".equals(f.text("progressOf", "fleet"))
                    ? Step.ProgressOf.ANY_CLIENT : Step.ProgressOf.FLEET;
            return new Trigger.AtProgress(f.fraction("atProgress"), of);
        }
        if (!f.rawIsText("at")) {
            throw f.saw("at", Values.EXPECTED_TIME);
        }
        String written = f.text("at");
        var duration = Values.duration(written);
        if (duration.isPresent()) {
            return new Trigger.At(f.duration("at"), written); // read again through Fields for its upper bound
        }
        LocalTime time = Values.clock(written).orElseThrow(() -> f.saw("at", Values.EXPECTED_TIME));
        if (insideRepeat) {
            throw new Fields.Bad(f.pointer("at"), "inside a repeat, \"at\" is an offset into each iteration "
                    + "(e.g. 2m30s), not a clock time");
        }
        if (clock == null) {
            throw new Fields.Bad(f.pointer("at"), "a clock time needs the top-level clock "
                    + "(the incident's time at scenario time 0, e.g. clock: \"11:05\")");
        }
        if (time.isBefore(clock)) {
            throw new Fields.Bad(f.pointer("at"), "\"" + written + "\" is before the scenario's clock " + clock);
        }
        return new Trigger.At(Duration.between(clock, time), written);
    }

    private Slo slo(Fields f) {
        List<String> kinds = SLO_KINDS.stream().filter(f::has).toList();
        if (kinds.size() != 1) {
            throw new Fields.Bad(f.pointer(), kinds.isEmpty()
                    ? "an SLO needs one of " + String.join(", ", SLO_KINDS)
                    : "one SLO per list item; this one has " + String.join(" and ", kinds));
        }
        List<String> windows = WINDOWS.stream().filter(f::has).toList();
        if (windows.size() > 1) {
            throw new Fields.Bad(f.pointer(), "an SLO judges one window: before, during or after, not "
                    + String.join(" and ", windows));
        }
        String clients = f.text("clients", null);
        Slo.Window window = (windows.isEmpty() ? Slo.Window.WHOLE_RUN
                : new Slo.Window(Slo.Phase.valueOf(windows.getFirst().toUpperCase(Locale.ROOT)),
                f.text(windows.getFirst()))).of(clients);
        String kind = kinds.getFirst();
        if (clients != null && (kind.equals("resignedWithin") || kind.equals("maxRepublications"))) {
            throw new Fields.Bad(f.pointer("clients"), kind + " judges the routing controller, not downloads; drop "
                    + "clients");
        }
        return switch (kind) {
            case "completeWithin" -> {
                Fields c = f.object(kind);
                yield new Slo.CompleteWithin(c.fraction("share"), c.duration("within"), window);
            }
            case "corruptFilesAccepted" -> new Slo.CorruptFilesAccepted(f.smallInteger(kind, 0), window);
            case "maxFailoversPerDownload" -> new Slo.MaxFailoversPerDownload(f.smallInteger(kind, 0), window);
            case "maxWastedPercent" -> new Slo.MaxWastedPercent(f.number(kind, 0), window);
            case "resignedWithin" -> {
                if (!windows.isEmpty()) {
                    throw new Fields.Bad(f.pointer(windows.getFirst()),
                            "resignedWithin names its own moment (after: ID start); drop the window");
                }
                Fields r = f.object(kind);
                String[] after = r.text("after").split(" ");
                if (after.length != 2 || !after[1].equals("start")) {
                    throw r.saw("after", "expected \"FAULT-ID start\"");
                }
                yield new Slo.ResignedWithin(after[0], r.duration("within"));
            }
            case "maxRepublications" -> {
                if (!windows.isEmpty()) {
                    throw new Fields.Bad(f.pointer(windows.getFirst()), "maxRepublications counts the whole run; "
                            + "drop the window");
                }
                yield new Slo.MaxRepublications(f.smallInteger(kind, 0));
            }
            case "firstRequestsTo" -> {
                Fields r = f.object(kind);
                yield new Slo.FirstRequestsTo(r.text("provider"), r.fraction("maxShare"), window);
            }
            case "timeToRecover" -> {
                if (!windows.isEmpty()) {
                    throw new Fields.Bad(f.pointer(windows.getFirst()),
                            "timeToRecover names its own moment (after: ID start|clear); drop the window");
                }
                Fields t = f.object(kind);
                String[] after = t.text("after").split(" ");
                if (after.length != 2 || !(after[1].equals("start") || after[1].equals("clear"))) {
                    throw t.saw("after", "expected \"FAULT-ID start\" or \"FAULT-ID clear\"");
                }
                yield new Slo.TimeToRecover(after[0], Slo.Edge.valueOf(after[1].toUpperCase(Locale.ROOT)),
                        t.duration("within"), clients);
            }
            default -> {
                Fields e = f.object(kind);
                boolean thenDownload = e.bool("thenDownload", false);
                if (thenDownload && (e.has("exitCode") || !e.has("reason"))) {
                    throw new Fields.Bad(e.pointer(), "expectRejection with thenDownload needs reason (the refusal "
                            + "each download reports) and no exitCode (it ends with the file, exit 0)");
                }
                if (!e.has("exitCode") && !e.has("reason")) {
                    throw new Fields.Bad(e.pointer(), "expectRejection needs exitCode, reason or both");
                }
                yield new Slo.ExpectRejection(e.smallIntegerOrNull("exitCode"), e.text("reason", null), thenDownload,
                        window);
            }
        };
    }
}
