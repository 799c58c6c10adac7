package io.outagedrill.harness.scenario;

import io.outagedrill.client.Durations;
import io.outagedrill.fakes.fault.CacheFlushFault;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.HttpFault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.ServerFault;
import io.outagedrill.fakes.fault.SwapContentFault;
import io.outagedrill.fakes.fault.TlsFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.manifest.ReplicaFault;
import io.outagedrill.harness.run.ReferenceTuning;
import io.outagedrill.harness.scenario.Step.Action;
import io.outagedrill.harness.scenario.Step.Trigger;
import io.outagedrill.harness.sut.CommandTemplate;
import io.outagedrill.harness.sut.SystemsUnderTest;
import io.outagedrill.harness.scenario.Topology.Backend;
import io.outagedrill.harness.scenario.Topology.Provider;
import io.outagedrill.harness.scenario.Topology.ProviderKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a schema cannot say: references between parts of the file (providers, files, fault ids),
 * unique names, and the timeline's order. Reports every problem, each at its JSON pointer.
 */
final class ScenarioChecker {
    /**
     * Why a scenario without SLOs is refused, said the same by the schema pass (slos missing or empty) and by this
     * check: a run is judged by its SLOs alone.
     */
    static final String NEEDS_AN_SLO = "a scenario needs at least one SLO, or every run of it passes whatever "
            + "happens (e.g. slos: [{completeWithin: {share: 100%, within: 60s}}, {corruptFilesAccepted: 0}])";

    /** One problem at one pointer: at its value, or at its key when the name itself is wrong. */
    record Issue(String pointer, boolean atKey, String message) {
    }

    private final Scenario scenario;
    private final List<Issue> issues = new ArrayList<>();
    /** Fault ids applied so far in file order, with the pointer of their apply; ids in repeats excluded. */
    private final Map<String, String> applied = new LinkedHashMap<>();
    private final Set<String> repeatIds = new HashSet<>();
    /** Where each fault id is applied on the timeline (outside repeats), for the clears to be checked against. */
    private final Map<String, Placed> timelineApplies;

    private ScenarioChecker(Scenario scenario) {
        this.scenario = scenario;
        this.timelineApplies = applies(scenario.timeline());
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
                Optional<Provider> fronted = topology.provider(p.edgeOf()).filter(o -> o != p);
                issue("/topology/providers/" + i + "/edgeOf", "expected the name of an origin provider, saw \""
                        + p.edgeOf() + "\"" + (fronted.isPresent()
                        ? ", which is " + (fronted.get().kind().yamlName().matches("[aeiou].*") ? "an " : "a ")
                        + fronted.get().kind().yamlName() + ": an edge caches a provider of kind: "
                        + "origin only (to put an edge in front of " + p.edgeOf() + ", make it kind: origin)"
                        : known(p.edgeOf(), topology.providers().stream()
                        .filter(o -> o.kind() == ProviderKind.ORIGIN).map(Provider::name).toList())));
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
        groupNames();
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
            if (group.client() instanceof ClientGroup.Client.Reference
                    || group.client() instanceof ClientGroup.Client.ReferenceCli) {
                String optionsAt = "/clients/" + i + "/options";
                // The rules the run applies (ReferenceTuning), so a typo fails here, not every download of the run.
                for (ReferenceTuning.Problem problem : ReferenceTuning.problems(group.options())) {
                    issues.add(problem.option() == null ? new Issue(optionsAt, false, problem.message())
                            : new Issue(optionsAt + "/" + LocatedYaml.escape(problem.option()), problem.unknownName(),
                            problem.message()));
                }
            }
            if (group.client() instanceof ClientGroup.Client.Aria2c) {
                String flagsAt = "/clients/" + i + "/options/flags";
                io.outagedrill.harness.sut.Aria2c.optionsProblem(group.options())
                        .ifPresent(problem -> issue(flagsAt, problem));
            }
            String policyAt = "/clients/" + i + "/policy";
            if (group.policy() != null) {
                SystemsUnderTest.policyProblem(group.policy(), group.client().text())
                        .ifPresent(problem -> issue(policyAt, problem));
            }
        }
        for (int i = 0; i < scenario.timeline().size(); i++) {
            step(scenario.timeline().get(i), i, "/timeline/" + i, null);
        }
        slos();
        wallTimes();
    }

    /**
     * The most wall-clock time one part of a run may take: the clients' starts, the timeline, an SLO's duration.
     * Past it, a value is a wrong unit ({@code 10000h} for {@code 10000s}) or a missing {@code compress}, and the run
     * would wait for days (or, past about 292 years, stop on an arithmetic overflow without naming the field).
     */
    static final Duration LONGEST_WALL_TIME = Duration.ofHours(24);

    private void wallTimes() {
        BigDecimal compress = BigDecimal.valueOf(scenario.compress());
        for (int i = 0; i < scenario.clients().size(); i++) {
            ClientGroup group = scenario.clients().get(i);
            BigDecimal wall = seconds(group.stagger()).multiply(BigDecimal.valueOf(Math.max(0, group.count() - 1)))
                    .divide(compress, 3, RoundingMode.HALF_UP);
            if (tooLong(wall)) {
                issue("/clients/" + i + "/stagger", "the last of the group's " + group.count() + " clients would "
                        + "start " + words(wall) + " of wall time after the first (" + (group.count() - 1) + " × "
                        + Durations.notation(group.stagger()) + compressed() + "); " + limit());
            }
        }
        for (int i = 0; i < scenario.timeline().size(); i++) {
            Step step = scenario.timeline().get(i);
            if (!(step.trigger() instanceof Trigger.At at)) {
                continue;
            }
            BigDecimal start = seconds(at.offset()).divide(compress, 3, RoundingMode.HALF_UP);
            if (tooLong(start)) {
                issue("/timeline/" + i + "/at", "this step would fire " + words(start) + " of wall time after the "
                        + "start (" + at.written() + compressed() + "); " + limit());
            } else if (step.action() instanceof Action.Repeat repeat) {
                BigDecimal end = seconds(at.offset()).add(seconds(repeat.every())
                        .multiply(BigDecimal.valueOf(repeat.times()))).divide(compress, 3, RoundingMode.HALF_UP);
                if (tooLong(end)) {
                    issue("/timeline/" + i + "/repeat/every", "the repeat would end " + words(end) + " of wall time "
                            + "after the start (" + at.written() + " + " + repeat.times() + " × "
                            + Durations.notation(repeat.every()) + compressed() + "); " + limit());
                }
            }
        }
        for (int i = 0; i < scenario.slos().size(); i++) {
            Slo slo = scenario.slos().get(i);
            String pointer = "/slos/" + i;
            Duration within = switch (slo) {
                case Slo.CompleteWithin c -> {
                    pointer += "/completeWithin/within";
                    yield c.within();
                }
                case Slo.TimeToRecover t -> {
                    pointer += "/timeToRecover/within";
                    yield t.within();
                }
                case Slo.ResignedWithin r -> {
                    pointer += "/resignedWithin/within";
                    yield r.within();
                }
                default -> null;
            };
            if (within == null) {
                continue;
            }
            if (!within.isPositive()) {
                // Nothing completes, recovers or is re-signed in no time: the SLO would fail every run, however good.
                issue(pointer, "expected a duration above 0s (nothing happens in no time, so every run would fail "
                        + "it), saw " + Durations.notation(within));
            } else if (tooLong(seconds(within))) {
                issue(pointer, "expected at most " + Durations.notation(LONGEST_WALL_TIME) + " (SLO durations are "
                        + "wall-clock time, never compressed), saw " + words(seconds(within)));
            }
        }
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    }

    private static boolean tooLong(BigDecimal seconds) {
        return seconds.compareTo(seconds(LONGEST_WALL_TIME)) > 0;
    }

    /** {@code 833333h20m} for what fits a {@link Duration}, else whole hours. */
    private static String words(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) < 0) {
            return Durations.notation(Duration.ofSeconds(whole.longValueExact()));
        }
        return whole.divide(BigDecimal.valueOf(3600), 0, RoundingMode.DOWN).toPlainString() + "h";
    }

    private String compressed() {
        return scenario.compress() == 1 ? ", not compressed"
                : " at compress " + BigDecimal.valueOf(scenario.compress()).stripTrailingZeros().toPlainString();
    }

    private static String limit() {
        return "a run may take at most " + Durations.notation(LONGEST_WALL_TIME) + " of wall time: check the unit, "
                + "or raise compress";
    }

    private void step(Step step, int index, String pointer, Action.Repeat repeat) {
        switch (step.action()) {
            case Action.Apply apply -> fault(apply.fault(), pointer + "/apply", repeat != null);
            case Action.Clear clear -> clear(clear.id(), new Placed(step, index), pointer + "/clear", repeat);
            case Action.ClearAll ignored -> {
            }
            case Action.Repeat nested -> repeat(nested, pointer + "/repeat");
        }
    }

    /**
     * A clear must come after its apply in time, not only in the file: the player schedules steps by their
     * triggers, and a clear that fires first does nothing, leaving the fault on for the rest of the run.
     */
    private void clear(String id, Placed clear, String pointer, Action.Repeat repeat) {
        Map<String, Placed> applies = repeat == null ? timelineApplies : applies(repeat.steps());
        Placed apply = applies.get(id);
        if (apply == null) {
            String why = repeat == null && Step.applied(scenario.timeline()).anyMatch(f -> f.id().equals(id))
                    ? ": it is applied inside a repeat, which must clear it itself" : "";
            issue(pointer, "clears \"" + id + "\", which no earlier step applies" + why + known(id, applies.keySet()));
            return;
        }
        orderProblem(apply, clear).ifPresent(why -> issue(pointer, "clears \"" + id + "\" " + when(clear.step())
                + ", but it is applied " + when(apply.step()) + ": " + why));
    }

    /** A step and its place among its siblings (the timeline's, or a repeat's steps), which breaks ties in time. */
    private record Placed(Step step, int index) {
    }

    /** The first step applying each fault id among {@code steps} (not inside their repeats). */
    private static Map<String, Placed> applies(List<Step> steps) {
        Map<String, Placed> applies = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).action() instanceof Action.Apply apply) {
                applies.putIfAbsent(apply.fault().id(), new Placed(steps.get(i), i));
            }
        }
        return applies;
    }

    /**
     * Why {@code apply} might not fire before {@code clear}, or empty when it surely does, whatever the downloads do.
     * Steps due at the same moment fire in file order: timed steps at the same time, and progress steps whose shares
     * one chunk crosses together.
     */
    private static Optional<String> orderProblem(Placed apply, Placed clear) {
        boolean fileOrder = apply.index() < clear.index();
        String sooner = "the clear comes first and does nothing, so the fault stays on";
        String inFileOrder = "steps due together fire in file order, so the clear must come after the apply in the file";
        String unknown = "which comes first depends on how fast the downloads go, and a clear that comes first does "
                + "nothing; trigger both by time, or both by the same progress";
        return switch (apply.step().trigger()) {
            case Trigger.At a -> switch (clear.step().trigger()) {
                case Trigger.At c -> {
                    int order = a.offset().compareTo(c.offset());
                    yield order < 0 || order == 0 && fileOrder ? Optional.empty()
                            : Optional.of(order > 0 ? sooner : inFileOrder);
                }
                // Steps at 0s apply before any client starts, so before any progress.
                case Trigger.AtProgress c -> a.offset().isZero() ? Optional.empty() : Optional.of(unknown);
            };
            case Trigger.AtProgress a -> {
                if (!(clear.step().trigger() instanceof Trigger.AtProgress c) || a.of() != c.of()) {
                    yield Optional.of(unknown);
                }
                yield a.share() > c.share() ? Optional.of(sooner) : fileOrder ? Optional.empty()
                        : Optional.of(inFileOrder);
            }
        };
    }

    /** When a step fires, in the file's words: "at 20s", "at 11:28", "at 50% of the fleet's bytes". */
    private static String when(Step step) {
        return switch (step.trigger()) {
            case Trigger.At at -> "at " + at.written();
            case Trigger.AtProgress p -> "at " + BigDecimal.valueOf(p.share()).movePointRight(2).stripTrailingZeros()
                    .toPlainString() + "% of " + (p.of() == Step.ProgressOf.FLEET ? "the fleet's bytes"
                    : "any client's bytes");
        };
    }

    private void repeat(Action.Repeat repeat, String pointer) {
        List<Step> steps = repeat.steps();
        boolean period = repeat.every().isPositive();
        if (!period) {
            // One problem at its cause, not one per step "below its period (every: 0s)".
            issue(pointer + "/every", "expected a period above 0s (the time from one iteration's start to the "
                    + "next), saw " + Durations.notation(repeat.every()));
        }
        for (int j = 0; j < steps.size(); j++) {
            Step s = steps.get(j);
            String at = pointer + "/steps/" + j;
            if (period && s.trigger() instanceof Trigger.At time && time.offset().compareTo(repeat.every()) >= 0) {
                issue(at + "/at", "an offset inside a repeat must be below its period (every: "
                        + Durations.notation(repeat.every()) + "), saw " + time.written());
            }
            step(s, j, at, repeat);
        }
        for (int j = 0; j < steps.size(); j++) {
            if (steps.get(j).action() instanceof Action.Apply apply && !clearedAfter(steps, j, apply.fault().id())) {
                issue(pointer + "/steps/" + j + "/apply/id", "\"" + apply.fault().id() + "\" is applied in a "
                        + "repeat but never cleared in it; add a step that clears it before the period ends");
            }
        }
    }

    /** Whether a step of the repeat clears {@code id} (by name or with all) after the apply at {@code applyIndex}. */
    private static boolean clearedAfter(List<Step> steps, int applyIndex, String id) {
        Placed apply = new Placed(steps.get(applyIndex), applyIndex);
        for (int j = 0; j < steps.size(); j++) {
            boolean clears = steps.get(j).action() instanceof Action.Clear clear && clear.id().equals(id)
                    || steps.get(j).action() instanceof Action.ClearAll;
            if (clears && orderProblem(apply, new Placed(steps.get(j), j)).isEmpty()) {
                return true;
            }
        }
        return false;
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
            if (fault instanceof ManifestFault m && m.serve() instanceof ReplicaFault.OtherFile other) {
                otherFile(pointer + "/file", other.file(), topology, "serve each its own manifest");
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
        boolean inServer = fault instanceof ServerFault || fault instanceof TlsFault;
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
        pastEveryFile(fault, pointer);
        if (fault instanceof SwapContentFault swap) {
            otherFile(pointer + "/file", swap.file(), topology, "serve each the bytes it asked for");
        }
    }

    /**
     * File offsets no file of the topology reaches: a corrupt-bytes offset or a {@code bytes} scope at or past the end
     * of the largest file. No request ever touches them, so the fault would change nothing and a drill would pass for
     * the wrong reason (a size in the wrong unit, or the offsets of another, larger file).
     */
    private void pastEveryFile(Fault fault, String pointer) {
        Topology.FileSpec largest = scenario.topology().files().stream()
                .max(java.util.Comparator.comparingLong(Topology.FileSpec::size)).orElse(null);
        if (largest == null) {
            return;
        }
        String expected = "expected an offset below " + largest.size() + " (the size of " + largest.name()
                + ", the largest file), saw ";
        String why = ": no request reaches it, so the fault would change nothing";
        if (fault instanceof HttpFault http && http.rule() instanceof FaultRule.CorruptBytes corrupt) {
            for (int i = 0; i < corrupt.offsets().size(); i++) {
                long offset = corrupt.offsets().get(i);
                if (offset >= largest.size()) {
                    issue(pointer + "/offsets/" + i, expected + offset + why);
                }
            }
        }
        Scope scope = fault instanceof ServerFault served ? served.scope() : null;
        if (scope != null && scope.bytes() != null && scope.bytes().first() >= largest.size()) {
            issue(pointer + "/bytes", expected + "a range from " + scope.bytes().first() + why);
        }
    }

    /**
     * {@code manifest.other-file}'s and {@code http.swap-content}'s file: a file of the topology that not every client
     * downloads. One that every client downloads makes the fault do nothing ({@code would} says what it would do), and
     * a drill passes for the wrong reason.
     */
    private void otherFile(String pointer, String file, Topology topology, String would) {
        List<String> files = topology.files().stream().map(Topology.FileSpec::name).toList();
        if (!files.contains(file)) {
            reference(pointer, file, files, "file");
            return;
        }
        if (scenario.clients().stream().allMatch(group -> file.equals(group.file()))) {
            issue(pointer, ("expected another file than the clients download, saw \"%s\", which every client "
                    + "downloads: the fault would %s%s").formatted(file, would, files.size() > 1 ? ""
                    : " (add a second file to topology.files)"));
        }
    }

    private void slos() {
        if (scenario.slos().isEmpty()) {
            // A run is judged by its SLOs alone: with none, every run would pass whatever happened.
            issue("/slos", NEEDS_AN_SLO);
        }
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
            if (slo instanceof Slo.TimeToRecover recover && recover.edge() == Slo.Edge.CLEAR) {
                neverCleared(recover.faultId()).ifPresent(why -> issue(pointer + "/timeToRecover/after", why
                        + ", so there is no clear to recover from and the SLO could never be judged; add a step that "
                        + "clears it, or write \"" + recover.faultId() + " start\""));
            } else if (!(slo instanceof Slo.TimeToRecover) && slo.window().phase() == Slo.Phase.AFTER) {
                neverCleared(slo.window().faultId()).ifPresent(why -> issue(pointer + "/after", why + ", so no "
                        + "download starts after its clear and the SLO could never be judged; add a step that clears "
                        + "it, or judge during: " + slo.window().faultId()));
            } else if (slo.window().phase() == Slo.Phase.BEFORE) {
                appliedBeforeAnyClient(slo.window().faultId()).ifPresent(at -> issue(pointer + "/before", "\""
                        + slo.window().faultId() + "\" is applied at " + at + ", before any client starts, so no "
                        + "download ends before it and the SLO could never be judged; apply it later, or judge "
                        + "another window"));
            }
            if (slo instanceof Slo.FirstRequestsTo first) {
                reference(pointer + "/firstRequestsTo/provider", first.provider(), names(scenario.topology()),
                        "provider");
            }
            if (slo.window().clients() != null) {
                reference(pointer + "/clients", slo.window().clients(), scenario.clients().stream()
                        .map(ClientGroup::name).toList(), "client group");
            }
            if ((slo instanceof Slo.ResignedWithin || slo instanceof Slo.FirstRequestsTo
                    || slo instanceof Slo.MaxRepublications) && scenario.routing() == null) {
                issue(pointer, "this SLO judges the routing controller; add a top-level \"routing:\" block");
            }
        }
    }

    /**
     * A group's name makes its clients' ids (NAME-001, ...), and each id its own folder: two groups of one name would
     * download into the same folders and break each other's files, and reports could not tell them apart.
     */
    private void groupNames() {
        Map<String, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < scenario.clients().size(); i++) {
            String name = scenario.clients().get(i).name();
            Integer earlier = first.putIfAbsent(name, i);
            if (earlier != null) {
                issue("/clients/" + i + "/name", "duplicate client group name \"" + name + "\" (clients[" + earlier
                        + "] has it" + (name.equals("clients-" + (earlier + 1)) || name.equals("clients-" + (i + 1))
                        ? "; a group without a name is called clients-N, N its place in the list from 1" : "")
                        + "): each group's clients need their own ids and folders; rename one");
            }
        }
    }

    /**
     * Why fault {@code id} (applied outside a repeat) is never cleared: no step clears it by name and none clears
     * all; empty when one does (whether it fires, an {@code atProgress} share, is the run's to say), or when the id is
     * a repeat's (each repeat clears its own) or unknown (reported as such).
     */
    private Optional<String> neverCleared(String id) {
        if (!applied.containsKey(id) || clearsIt(scenario.timeline(), id)) {
            return Optional.empty();
        }
        return Optional.of("\"" + id + "\" is never cleared (no step clears it, nor clears all)");
    }

    private static boolean clearsIt(List<Step> steps, String id) {
        for (Step step : steps) {
            boolean clears = switch (step.action()) {
                case Action.Clear clear -> clear.id().equals(id);
                case Action.ClearAll all -> true;
                case Action.Repeat repeat -> clearsIt(repeat.steps(), id);
                case Action.Apply apply -> false;
            };
            if (clears) {
                return true;
            }
        }
        return false;
    }

    /**
     * How the file writes the time of fault {@code id}'s apply when it is at scenario time 0, which the player applies
     * before any client starts; empty for a later or progress-triggered apply, and for a repeat's fault.
     */
    private Optional<String> appliedBeforeAnyClient(String id) {
        Placed apply = timelineApplies.get(id);
        if (apply != null && apply.step().trigger() instanceof Trigger.At at && at.offset().isZero()) {
            return Optional.of(at.written());
        }
        return Optional.empty();
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
