package io.outagedrill.harness.scenario;

import io.outagedrill.client.Durations;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.SwapContentFault;
import io.outagedrill.fakes.fault.TlsFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.harness.run.ReferenceTuning;
import io.outagedrill.harness.scenario.Step.Action;
import io.outagedrill.harness.scenario.Step.Trigger;
import io.outagedrill.harness.sut.CommandTemplate;
import io.outagedrill.harness.sut.SystemsUnderTest;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a schema cannot say: references between parts of the file (providers, files, fault ids),
 * unique names, and the timeline's order. Reports every problem, each at its JSON pointer.
 */
final class ScenarioChecker {
    /** One problem at one pointer: at its value, or at its key when the name itself is wrong. */
    record Issue(String pointer, boolean atKey, String message) {
    }

    private final Scenario scenario;
    private final List<Issue> issues = new ArrayList<>();
    /** Fault ids applied so far in file order, with the pointer of their apply; ids in repeats excluded. */
    private final Map<String, String> applied = new LinkedHashMap<>();
    private final Set<String> repeatIds = new HashSet<>();

    private ScenarioChecker(Scenario scenario) {
        this.scenario = scenario;
    }

    static List<Issue> check(Scenario scenario) {
        ScenarioChecker checker = new ScenarioChecker(scenario);
        checker.run();
        return checker.issues;
    }

    private void run() {
        if (scenario.tags().contains(Scenario.REAL_INCIDENT) && scenario.source() == null) {
            issue("", "missing required field \"source\": a real-incident scenario cites its post-mortem URL");
        }
        Topology topology = scenario.topology();
        unique("/topology/providers", topology.providers().stream().map(Provider::name).toList(), "name",
                "provider");
        unique("/topology/providers", topology.providers().stream().map(Provider::hostname).toList(), "hostname",
                "hostname");
        unique("/topology/files", topology.files().stream().map(Topology.FileSpec::name).toList(), "name", "file");
        List<String> providerNames = topology.providers().stream().map(Provider::name).toList();
        for (int i = 0; i < topology.providers().size(); i++) {
            Provider p = topology.providers().get(i);
            if (p.edgeOf() != null && topology.provider(p.edgeOf()).map(Provider::kind).orElse(null)
                    != ProviderKind.ORIGIN) {
                issue("/topology/providers/" + i + "/edgeOf", "expected the name of an origin provider, saw \""
                        + p.edgeOf() + "\"" + known(p.edgeOf(), topology.providers().stream()
                        .filter(o -> o.kind() == ProviderKind.ORIGIN).map(Provider::name).toList()));
            }
            if (p.backend() == Backend.S3PROXY && p.kind() != ProviderKind.OBJECT_STORE) {
                issue("/topology/providers/" + i + "/backend", "s3proxy serves object-store providers only, and \""
                        + p.name() + "\" is a " + p.kind().yamlName() + " (make it kind: object-store, or drop the "
                        + "backend)");
            }
        }
        for (int i = 0; i < topology.files().size(); i++) {
            Topology.FileSpec file = topology.files().get(i);
            if (file.chunkSize() <= 0) {
                issue("/topology/files/" + i + "/chunkSize", "expected a chunk size above 0");
            }
            for (int m = 0; m < file.mirrors().size(); m++) {
                reference("/topology/files/" + i + "/mirrors/" + m, file.mirrors().get(m), providerNames,
                        "provider");
            }
        }
        List<String> fileNames = topology.files().stream().map(Topology.FileSpec::name).toList();
        for (int i = 0; i < scenario.clients().size(); i++) {
            ClientGroup group = scenario.clients().get(i);
            if (group.file() == null) {
                issue("/clients/" + i, "missing required field \"file\": the topology has several files ("
                        + String.join(", ", fileNames) + ")");
            } else {
                reference("/clients/" + i + "/file", group.file(), fileNames, "file");
            }
            if (group.client() instanceof ClientGroup.Client.Command command) {
                String clientAt = "/clients/" + i + "/client";
                CommandTemplate.problem(command.template()).ifPresent(problem -> issue(clientAt, problem));
            }
            if (group.client() instanceof ClientGroup.Client.Reference) {
                String optionsAt = "/clients/" + i + "/options";
                // The rules the run applies (ReferenceTuning), so a typo fails here, not every download of the run.
                for (ReferenceTuning.Problem problem : ReferenceTuning.problems(group.options())) {
                    issues.add(problem.option() == null ? new Issue(optionsAt, false, problem.message())
                            : new Issue(optionsAt + "/" + LocatedYaml.escape(problem.option()), problem.unknownName(),
                            problem.message()));
                }
            }
            String policyAt = "/clients/" + i + "/policy";
            if (group.policy() != null) {
                SystemsUnderTest.policyProblem(group.policy(), group.client().text())
                        .ifPresent(problem -> issue(policyAt, problem));
            }
        }
        for (int i = 0; i < scenario.timeline().size(); i++) {
            step(scenario.timeline().get(i), "/timeline/" + i, null);
        }
        slos();
    }

    private void step(Step step, String pointer, Action.Repeat repeat) {
        switch (step.action()) {
            case Action.Apply apply -> fault(apply.fault(), pointer + "/apply", repeat != null);
            case Action.Clear clear -> {
                boolean known = repeat == null ? applied.containsKey(clear.id()) : localIds(repeat).contains(clear.id());
                if (!known) {
                    String why = repeatIds.contains(clear.id()) && repeat == null
                            ? ": it is applied inside a repeat, which must clear it itself" : "";
                    issue(pointer + "/clear", "clears \"" + clear.id() + "\", which no earlier step applies" + why
                            + known(clear.id(), repeat == null ? applied.keySet() : localIds(repeat)));
                }
            }
            case Action.ClearAll ignored -> {
            }
            case Action.Repeat nested -> repeat(nested, pointer + "/repeat");
        }
    }

    private void repeat(Action.Repeat repeat, String pointer) {
        Set<String> cleared = new HashSet<>();
        List<Step> steps = repeat.steps();
        for (int j = 0; j < steps.size(); j++) {
            Step s = steps.get(j);
            String at = pointer + "/steps/" + j;
            if (s.trigger() instanceof Trigger.At time && time.offset().compareTo(repeat.every()) >= 0) {
                issue(at + "/at", "an offset inside a repeat must be below its period (every: "
                        + Durations.notation(repeat.every()) + "), saw " + time.written());
            }
            step(s, at, repeat);
            if (s.action() instanceof Action.Clear clear) {
                cleared.add(clear.id());
            }
            if (s.action() instanceof Action.ClearAll) {
                cleared.addAll(localIds(repeat));
            }
        }
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j).action() instanceof Action.Apply apply && !cleared.contains(apply.fault().id())) {
                issue(pointer + "/steps/" + j + "/apply/id", "\"" + apply.fault().id() + "\" is applied in a "
                        + "repeat but never cleared in it; add a step that clears it before the period ends");
            }
        }
    }

    private static Set<String> localIds(Action.Repeat repeat) {
        Set<String> ids = new LinkedHashSet<>();
        repeat.steps().forEach(s -> {
            if (s.action() instanceof Action.Apply apply) {
                ids.add(apply.fault().id());
            }
        });
        return ids;
    }

    private void fault(Fault fault, String pointer, boolean insideRepeat) {
        String id = fault.id();
        if (id.equals("all")) {
            issue(pointer + "/id", "\"all\" is reserved (clear: all); pick another id");
        }
        if (applied.containsKey(id) || repeatIds.contains(id)) {
            issue(pointer + "/id", "duplicate fault id \"" + id + "\"; ids must be unique in a scenario");
        }
        if (insideRepeat) {
            repeatIds.add(id);
        } else {
            applied.put(id, pointer);
        }
        Topology topology = scenario.topology();
        if (fault instanceof ManifestFault || fault instanceof WrongFileMirrorFault) {
            Integer replica = switch (fault) {
                case ManifestFault m -> m.replica();
                case WrongFileMirrorFault w -> w.replica();
                default -> null;
            };
            if (replica != null && replica > topology.manifest().replicas()) {
                issue(pointer + "/replica", "expected a replica from 1 to " + topology.manifest().replicas()
                        + " (topology.manifest.replicas), saw " + replica);
            }
            if (fault instanceof WrongFileMirrorFault wrong) {
                reference(pointer + "/mirror", wrong.mirror(), names(topology), "provider");
            }
            return;
        }
        List<Provider> targets = topology.resolve(fault.target());
        if (targets.isEmpty()) {
            Set<String> valid = new TreeSet<>(names(topology));
            topology.providers().forEach(p -> valid.add(p.group()));
            issue(pointer + "/target", "unknown provider or group \"" + fault.target() + "\""
                    + Suggestions.didYouMean(fault.target(), valid) + "; known: " + String.join(", ", valid));
            return;
        }
        if (fault instanceof CacheFlushFault && targets.stream().anyMatch(p -> p.kind() != ProviderKind.CDN_EDGE)) {
            issue(pointer + "/target", "cache.flush needs cdn-edge providers; \"" + fault.target()
                    + "\" includes another kind");
        }
        List<String> onS3Proxy = targets.stream().filter(p -> p.backend() == Backend.S3PROXY).map(Provider::name)
                .toList();
        boolean inServer = fault instanceof HttpFault || fault instanceof SwapContentFault || fault instanceof TlsFault;
        if (inServer && !onS3Proxy.isEmpty()) {
            // Not ignored at run time: a fault that silently does nothing makes a drill pass for the wrong reason.
            String who = onS3Proxy.equals(List.of(fault.target())) ? "it is"
                    : "it includes " + String.join(", ", onS3Proxy) + ",";
            issue(pointer + "/target", fault.kind() + " cannot act on \"" + fault.target() + "\": " + who
                    + " served by S3Proxy (backend: s3proxy), a process of its own, not the harness's fake server; "
                    + "toxic.*, dns.* and status-page.* faults reach it, http.* and tls.* do not (drop backend: "
                    + "s3proxy for those)");
        }
        if (fault instanceof TlsFault && targets.stream().anyMatch(p -> !p.https())) {
            issue(pointer + "/target", fault.kind() + " needs https providers; \"" + fault.target()
                    + "\" includes one with https: false");
        }
        if (fault instanceof SwapContentFault swap) {
            reference(pointer + "/file", swap.file(),
                    topology.files().stream().map(Topology.FileSpec::name).toList(), "file");
        }
    }

    private void slos() {
        Set<String> ids = new LinkedHashSet<>(applied.keySet());
        ids.addAll(repeatIds);
        for (int i = 0; i < scenario.slos().size(); i++) {
            Slo slo = scenario.slos().get(i);
            String pointer = "/slos/" + i;
            if (slo instanceof Slo.TimeToRecover recover) {
                reference(pointer + "/timeToRecover/after", recover.faultId(), ids, "fault id");
            } else if (slo instanceof Slo.ResignedWithin resigned) {
                reference(pointer + "/resignedWithin/after", resigned.faultId(), ids, "fault id");
            } else if (slo.window().faultId() != null) {
                reference(pointer + "/" + slo.window().phase().name().toLowerCase(java.util.Locale.ROOT),
                        slo.window().faultId(), ids, "fault id");
            }
            if (slo instanceof Slo.FirstRequestsTo first) {
                reference(pointer + "/firstRequestsTo/provider", first.provider(), names(scenario.topology()),
                        "provider");
            }
            if ((slo instanceof Slo.ResignedWithin || slo instanceof Slo.FirstRequestsTo
                    || slo instanceof Slo.MaxRepublications) && scenario.routing() == null) {
                issue(pointer, "this SLO judges the routing controller; add a top-level \"routing:\" block");
            }
        }
    }

    private static List<String> names(Topology topology) {
        return topology.providers().stream().map(Provider::name).toList();
    }

    private void unique(String listPointer, List<String> values, String field, String what) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                issue(listPointer + "/" + i + "/" + field, "duplicate " + what + " \"" + values.get(i) + "\"");
            }
        }
    }

    private void reference(String pointer, String name, java.util.Collection<String> valid, String what) {
        if (!valid.contains(name)) {
            issue(pointer, "unknown " + what + " \"" + name + "\"" + known(name, valid));
        }
    }

    private static String known(String name, java.util.Collection<String> valid) {
        return Suggestions.didYouMean(name, valid) + (valid.isEmpty() ? "" : "; known: " + String.join(", ", valid));
    }

    private void issue(String pointer, String message) {
        issues.add(new Issue(pointer, false, message));
    }
}
