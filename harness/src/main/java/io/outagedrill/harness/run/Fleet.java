package io.outagedrill.harness.run;

import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.fakes.TempTrees;
import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.sut.DownloadJob;
import io.outagedrill.harness.sut.DestinationCheck;
import io.outagedrill.harness.sut.DownloadOutcome;
import io.outagedrill.harness.sut.Observation;
import io.outagedrill.harness.sut.ReferenceClientInProcess;
import io.outagedrill.harness.sut.ReferenceClientProcess;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The clients of a run: one download job each, started on the scenario's stagger. */
final class Fleet {
    /** How many downloads that left processes behind the run's note names. */
    private static final int LEFTOVERS_NAMED = 3;

    private final Scenario scenario;
    private final RunOptions options;
    private final Topology world;
    private final Path work;
    private final long seed;
    private final List<String> notes;
    private final Map<String, AtomicLong> verified = new ConcurrentHashMap<>();
    private final Map<String, Path> outputs = new ConcurrentHashMap<>();
    private final Map<String, PartFile> partFiles = new ConcurrentHashMap<>();
    /**
     * The bytes each ended download had when its folder was deleted: a whole file for one that succeeded. Read from
     * the file alone, an ended download of a client that reports no chunks (curl, aria2c, most {@code cmd:}
     * programs) fell back to 0 with its folder, so a staggered fleet's share never passed one download's part and
     * its {@code atProgress} step never fired: such a client then passed the scenario without meeting its fault.
     */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    /** When each client was due to start, from the fleet's start ({@link #lateStartsNote}). */
    private final Map<String, Duration> dueAt = new ConcurrentHashMap<>();
    private volatile Instant startedAt;
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final Map<String, SystemUnderTest.RunningDownload> running = new ConcurrentHashMap<>();
    /** Download id -> the processes its downloader left running, which the harness ended. */
    private final Map<String, List<String>> leftovers = new ConcurrentHashMap<>();
    private final LimitWatch limits;
    /** Whether a fault counts per client: then each client connects from an address of its own (127.100.x.y). */
    private final boolean perClientFaults;
    private final AtomicInteger sourceAddresses = new AtomicInteger();
    private final Clock clock;
    private volatile boolean stopped;
    private volatile Runnable onVerified = () -> { };
    /** What {@link #share} divides by. */
    private final long expectedBytes;

    Fleet(Scenario scenario, RunOptions options, Topology world, Path work, long seed, List<String> notes,
          LimitWatch limits, Clock clock) {
        this.clock = clock;
        this.limits = limits;
        this.scenario = scenario;
        this.options = options;
        this.world = world;
        this.work = work;
        this.seed = seed;
        this.notes = notes;
        this.expectedBytes = expectedBytes(scenario, options);
        this.perClientFaults = Step.applied(scenario.timeline())
                .anyMatch(FaultReach::countsPerClient);
    }

    String clientName() {
        if (options.adapter().isPresent()) {
            return options.adapter().get().name();
        }
        return RunLabel.clients(scenario, options.client());
    }

    /** The run's policy label ({@link RunLabel}); a user's adapter takes any name, so each group's is kept. */
    String policyName() {
        if (options.adapter().isPresent()) {
            return options.policy().orElseGet(() -> scenario.clients().stream()
                    .map(g -> g.policy() == null ? "default" : g.policy())
                    .distinct().reduce((a, b) -> a + "+" + b).orElse("default"));
        }
        return RunLabel.policies(scenario, options.client(), options.policy());
    }

    /**
     * 90 s, or longer when a completion SLO allows longer (a fleet of a thousand may take minutes): a client
     * killed before its SLO's limit would be judged on the runner's patience instead of its own. An SLO's
     * {@code within} is wall-clock time, never compressed with the timeline.
     */
    Duration clientTimeout() {
        Duration longest = scenario.slos().stream()
                .map(slo -> slo instanceof io.outagedrill.harness.scenario.Slo.CompleteWithin c
                        ? c.within() : Duration.ZERO)
                .max(Duration::compareTo).orElse(Duration.ZERO);
        Duration floor = Duration.ofSeconds(90);
        return longest.compareTo(floor) > 0 ? longest.plusSeconds(10) : floor;
    }

    /** Wall time until the last client starts. */
    Duration staggerSpan() {
        return staggerSpan(scenario);
    }

    /** Wall time to the last client's start: a group keeps its span whatever the number of clients run. */
    static Duration staggerSpan(Scenario scenario) {
        return scenario.clients().stream().map(g -> scenario.wallTime(g.stagger().multipliedBy(
                Math.max(0, g.count() - 1)))).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * The gap between starts. A group scaled down with {@code --clients} keeps the span of its starts, so a
     * quick run still has clients in flight across the whole timeline, not only at its beginning.
     */
    private Duration stagger(ClientGroup group, int count) {
        if (count >= group.count() || count <= 1) {
            return group.stagger();
        }
        return group.stagger().multipliedBy(group.count() - 1).dividedBy(count - 1);
    }

    List<CompletableFuture<DownloadRecord>> start(ScheduledExecutorService scheduler, ExecutorService pool) {
        notes.addAll(FaultReach.dns(scenario.timeline(), clientsNotAskingTheWorld()));
        notes.addAll(FaultReach.manifest(scenario.timeline(), clientsNot(SystemUnderTest::readsTheSignedManifest)));
        notes.addAll(FaultReach.perClient(scenario.timeline(), clientsNot(SystemUnderTest::connectsFromItsOwnAddress)));
        // Not refused: a template that fails on purpose (a test of the harness's own judging) needs none.
        clientsNot(SystemUnderTest::isToldWhereToDownloadFrom).forEach(name -> notes.add(("%s is told no mirror: its "
                + "template passes none of {urls}, {literal_urls}, {manifest} and {manifests}, and the mirrors' ports "
                + "are this run's own").formatted(name)));
        List<CompletableFuture<DownloadRecord>> all = new ArrayList<>();
        startedAt = clock.instant(); // the clock the downloaders time their starts with
        int groupIndex = 0;
        for (ClientGroup group : scenario.clients()) {
            groupIndex++;
            String groupName = groupName(group, groupIndex);
            if (!group.options().isEmpty() && optionsFor(group).isEmpty()) {
                notes.add("%s: its options %s are for %s, not for %s that plays it; left out".formatted(groupName,
                        group.options(), ScenarioRunner.name(group.client()), clientName(group)));
            } else if (!group.options().isEmpty() && options.adapter().isEmpty()
                    && clientName(group).startsWith("cmd:")) {
                // Handed to the template, which has nowhere to put them: a user expecting them passed should know.
                notes.add(("%s: its options %s reach no cmd: template (none of its placeholders is an option); write "
                        + "them into the template itself").formatted(groupName, group.options()));
            }
            int count = options.clientCount().map(max -> Math.min(max, group.count())).orElse(group.count());
            for (int i = 0; i < count; i++) {
                String id = String.format(Locale.ROOT, "%s-%03d", groupName, i + 1); // ASCII digits, any locale
                Duration at = scenario.wallTime(stagger(group, count).multipliedBy(i));
                dueAt.put(id, at);
                CompletableFuture<DownloadRecord> done = new CompletableFuture<>();
                all.add(done);
                Runnable launch = () -> pool.submit(() -> {
                    if (stopped) {
                        done.completeExceptionally(new NeverStarted(id));
                        return;
                    }
                    try {
                        done.complete(download(id, groupName, group));
                    } catch (Throwable t) {
                        limits.saw(t, "in client " + id);
                        done.completeExceptionally(t);
                    }
                });
                if (at.isZero()) {
                    launch.run();
                } else {
                    scheduler.schedule(launch, at.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
        return all;
    }

    private DownloadRecord download(String id, String group, ClientGroup spec) throws Exception {
        String file = fileOf(scenario, spec);
        String policy = policy(spec);
        SystemUnderTest sut = systemUnderTest(spec, file);
        var unavailable = sut.unavailable();
        if (unavailable.isPresent()) {
            throw new IllegalStateException(sut.name() + ": " + unavailable.get());
        }
        DownloadJob job = job(id, file, policy, spec);
        if (sut.mayReportNoChunks()) {
            // Only a client that may report no verified chunks is followed by its file's size: a stat per client
            // on every progress tick is ~20,000 system calls a second for a fleet of 1000. Chunks it does report
            // win (progressOf).
            outputs.put(id, job.destination());
        }
        sizes.put(id, job.size());
        AtomicLong bytes = verified.computeIfAbsent(id, k -> new AtomicLong());
        options.listener().clientStarted(id);
        try {
            return run(id, group, sut, policy, job, bytes);
        } catch (Exception | Error e) {
            options.listener().clientCouldNotRun(id, e);
            throw e;
        }
    }

    private DownloadRecord run(String id, String group, SystemUnderTest sut, String policy, DownloadJob job,
                               AtomicLong bytes) throws Exception {
        SystemUnderTest.RunningDownload download = sut.start(job, o -> {
            if (o instanceof Observation.ChunkVerified v) {
                bytes.addAndGet(v.bytes());
            }
            // Heard first, then the timeline: the live output shows the chunk before the fault it set off.
            options.listener().observed(id, o);
            if (o instanceof Observation.ChunkVerified) {
                onVerified.run();
            }
        });
        running.put(id, download);
        if (stopped) {
            download.kill();
        }
        DownloadOutcome outcome;
        try {
            outcome = download.await();
        } catch (InterruptedException e) {
            // The run is being torn down (Ctrl-C, or the runner's own shutdown): a child process or a download
            // thread left running would go on against a world about to close, and write into a deleted folder.
            // Killed, and waited for: a kill only asks (an in-process download winds its workers down, a process
            // is reaped); the runner bounds the whole wait for its clients.
            download.kill();
            try {
                download.await();
            } catch (InterruptedException again) {
                // asked twice: stop waiting
            }
            throw e;
        } finally {
            running.remove(id);
        }
        if (options.adapter().isPresent()) {
            // A user's adapter reports verified as it sees fit; the built-in clients' outcomes come from this check.
            outcome = DestinationCheck.judged(job, outcome);
        }
        if (!outcome.leftovers().isEmpty()) {
            leftovers.put(id, outcome.leftovers());
        }
        if (runsInThisProcess(sut)) {
            limits.saw(outcome.output(), "client " + id);
        } else {
            limits.sawFromAProcess(outcome.output(), "client " + id);
        }
        DownloadRecord record = Measurements.record(group, sut.name(), sut.reports(outcome.observations()), policy, job,
                outcome);
        ended.put(id, progressOf(id)); // its verified bytes, or its file's size while the file is still there
        options.listener().clientFinished(record);
        TempTrees.deleteQuietly(job.outputDir());
        return record;
    }

    /**
     * The policy a group's downloads get: {@code --policy}, else the group's own, each only if the group's client
     * takes that name (a mixed scenario's aria2c group keeps its profile under {@code --policy parallel}, and a
     * group's {@code policy: tuned} written for aria2c means nothing to the reference client that {@code --client}
     * puts in its place); else that client's default. A user's own adapter gets either name as given.
     */
    private String policy(ClientGroup group) {
        if (options.adapter().isPresent()) {
            return options.policy().orElse(group.policy() != null ? group.policy() : SystemsUnderTest.defaultPolicy(
                    "reference"));
        }
        String client = clientName(group);
        List<String> takes = SystemsUnderTest.policies(client);
        return java.util.stream.Stream.of(options.policy(), java.util.Optional.ofNullable(group.policy()))
                .flatMap(java.util.Optional::stream).filter(takes::contains).findFirst()
                .orElse(SystemsUnderTest.defaultPolicy(client));
    }

    /**
     * The group's options, for the client that plays it. The reference client takes them in process or as its
     * CLI's flags alike (the same names); a client of another kind put in the group's place by {@code --client}
     * takes none of them ({@code profile: tuned} means nothing to the reference client, {@code stall-timeout}
     * nothing to aria2c). A user's own adapter gets them as written.
     */
    private Map<String, Object> optionsFor(ClientGroup group) {
        String own = ScenarioRunner.name(group.client());
        String playing = clientName(group);
        boolean sameKind = own.equals(playing) || (isReference(own) && isReference(playing));
        return options.adapter().isPresent() || sameKind ? group.options() : Map.of();
    }

    private static boolean isReference(String client) {
        return client.equals("reference") || client.equals("reference-cli");
    }

    /**
     * Whether {@code sut}'s downloads run in this JVM, so that their errors tell of its limits: the reference
     * client in process, or a user's adapter (which may start processes of its own; its words are taken as this
     * JVM's, as they were). Every other built-in client is a process of its own.
     */
    private boolean runsInThisProcess(SystemUnderTest sut) {
        return options.adapter().isPresent() || sut instanceof io.outagedrill.harness.sut.ReferenceClientInProcess;
    }

    /** The built-in client that plays {@code group}: {@code --client}, else the group's own. */
    private String clientName(ClientGroup group) {
        return options.client().orElse(ScenarioRunner.name(group.client()));
    }

    /** The run's clients (by name) for which {@code trait} is false, in group order. */
    private List<String> clientsNot(Predicate<SystemUnderTest> trait) {
        if (options.adapter().isPresent()) {
            SystemUnderTest adapter = options.adapter().get();
            return trait.test(adapter) ? List.of() : List.of(adapter.name());
        }
        return scenario.clients().stream()
                .map(this::clientName).distinct()
                .filter(name -> !trait.test(SystemsUnderTest.named(name, clock))).toList();
    }

    /**
     * The clients that do not look names up through the world's resolver ({@link #clientsNot}), and beside them,
     * named by group, those that would but whose group's options keep them from it (aria2c given a resolver of
     * the user's in its flags).
     */
    private List<String> clientsNotAskingTheWorld() {
        List<String> unreached = new ArrayList<>(clientsNot(SystemUnderTest::looksUpNamesThroughTheWorld));
        if (options.adapter().isPresent()) {
            return unreached;
        }
        int groupIndex = 0;
        for (ClientGroup group : scenario.clients()) {
            groupIndex++;
            String name = clientName(group);
            SystemUnderTest sut = SystemsUnderTest.named(name, clock);
            Optional<String> kept = unreached.contains(name) ? Optional.empty()
                    : sut.keptFromTheWorld(optionsFor(group));
            if (kept.isPresent()) {
                unreached.add("%s (group %s: %s)".formatted(name, groupName(group, groupIndex), kept.get()));
            }
        }
        return unreached;
    }

    /** A group's name, or the one the scenario reader gives an unnamed group: {@code clients-N}, N from 1. */
    private static String groupName(ClientGroup group, int number) {
        return group.name() != null ? group.name() : "clients-" + number;
    }

    private SystemUnderTest systemUnderTest(ClientGroup group, String file) {
        if (options.adapter().isPresent()) {
            return options.adapter().get();
        }
        String name = clientName(group);
        // Each simulated user has run the client before: it remembers the published version, so a
        // rolled-back manifest is recognised as one (the process form in its own version file).
        if (name.equals("reference-cli")) {
            return new ReferenceClientProcess(clock, Map.of(file, scenario.topology().manifest().version()));
        }
        if (!name.equals("reference")) {
            return SystemsUnderTest.named(name, clock);
        }
        InMemoryVersionStore versions = new InMemoryVersionStore();
        versions.record(file, scenario.topology().manifest().version(), clock.instant());
        return new ReferenceClientInProcess(clock, ReferenceTuning.from(optionsFor(group), seed), versions,
                options.clientEvents());
    }

    private DownloadJob job(String id, String file, String policy, ClientGroup group) throws IOException {
        Map<String, InetAddress> resolve = world.resolve();
        List<URI> mirrors = ScenarioManifests.mirrorUrls(world, file);
        List<URI> literal = mirrors.stream().map(u -> URI.create(u.getScheme() + "://"
                + resolve.get(u.getHost()).getHostAddress() + ":" + u.getPort() + u.getRawPath())).toList();
        Map<String, String> adapterOptions = new java.util.LinkedHashMap<>();
        optionsFor(group).forEach((k, v) -> adapterOptions.put(k, String.valueOf(v)));
        if (options.policy().filter(policy::equals).isPresent()) {
            adapterOptions.remove("profile"); // --policy named aria2c's profile: the command line wins over the file
        }
        return new DownloadJob(id, world.manifestUrls(file).stream().map(URI::create).toList(),
                world.trustStore(), world.caCertificate(), resolve, mirrors, literal,
                Files.createDirectories(work.resolve(id)), file, world.file(file).size(),
                world.file(file).sha256(), policy, clientName(group).equals("reference") && options.adapter().isEmpty()
                        ? Map.of()
                        : adapterOptions, clientTimeout(), new WorldResolver(world), !world.isHttps(),
                perClientFaults ? Optional.of(LoopbackAddresses.client(sourceAddresses.getAndIncrement()))
                        : Optional.empty());
    }

    /**
     * The world's resolver, and its name server for a client in another process: over UDP, over HTTPS, and on port 53
     * of an address of its own (each started when first asked for).
     */
    private record WorldResolver(Topology world) implements DownloadJob.Resolver {
        @Override
        public List<java.net.InetAddress> lookup(String host) throws java.net.UnknownHostException {
            return world.dns().lookup(host);
        }

        @Override
        public Optional<java.net.InetSocketAddress> nameServer() {
            return Optional.of(world.nameServer());
        }

        @Override
        public Optional<URI> dohUrl() {
            return Optional.of(world.dohUrl());
        }

        @Override
        public Optional<java.net.InetAddress> nameServerOnPort53() {
            return Optional.of(world.nameServerOnPort53());
        }
    }

    /**
     * Runs {@code action} on the client's own thread each time a client reports a verified chunk, before that
     * client goes on: a progress step of the timeline fires at the chunk that crosses its share, not up to a
     * polling tick later (a small file can be downloaded whole within one tick, and its faults would never meet
     * it). Clients that report no chunks still count through the runner's polling.
     */
    void onVerifiedChunk(Runnable action) {
        onVerified = action;
    }

    /** A download that began this much later than its stagger says is named in the run's notes. */
    static final Duration LATE_START = Duration.ofSeconds(1);

    /**
     * The run's note on downloads that began more than {@link #LATE_START} after their stagger said: on a machine too
     * busy to start a downloader's process on time, a client due in a fault's window can begin after it, and pass a
     * fault it never met. Empty when none did. The latest is named, so the note stays a line for a large fleet.
     */
    Optional<String> lateStartsNote(List<DownloadRecord> records) {
        Instant zero = startedAt;
        if (zero == null) {
            return Optional.empty();
        }
        record Late(DownloadRecord download, Duration due, Duration by) {
        }
        List<Late> late = records.stream().filter(d -> dueAt.containsKey(d.id()) && d.started() != null)
                .map(d -> new Late(d, dueAt.get(d.id()), Duration.between(zero.plus(dueAt.get(d.id())), d.started())))
                .filter(l -> l.by().compareTo(LATE_START) > 0)
                .sorted(Comparator.comparing(Late::by).reversed()).toList();
        if (late.isEmpty()) {
            return Optional.empty();
        }
        Late worst = late.getFirst();
        return Optional.of(String.format(Locale.ROOT, "%d download(s) began more than %d s after their stagger said, "
                + "up to %.1f s late (%s, due %.1f s into the run): a client due in a fault's window may have begun "
                + "after it; the machine was too busy to start them on time", late.size(), LATE_START.toSeconds(),
                worst.by().toMillis() / 1000.0, worst.download().id(), worst.due().toMillis() / 1000.0));
    }

    /**
     * The run's note on downloads whose downloader left processes running when it ended, which the harness ended;
     * empty when none did. The first few are named with what was left, so the note stays a line for a fleet of 1000.
     */
    Optional<String> leftoversNote() {
        if (leftovers.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = leftovers.keySet().stream().sorted().toList();
        int processes = leftovers.values().stream().mapToInt(List::size).sum();
        String named = ids.stream().limit(LEFTOVERS_NAMED)
                .map(id -> id + " (" + String.join(", ", leftovers.get(id)) + ")")
                .collect(Collectors.joining("; "));
        String more = ids.size() > LEFTOVERS_NAMED ? String.format(Locale.ROOT, "; and %d more",
                ids.size() - LEFTOVERS_NAMED) : "";
        return Optional.of(String.format(Locale.ROOT, "%d download(s) left %d process(es) running after their "
                + "downloader ended; the harness ended them: %s%s", ids.size(), processes, named, more));
    }

    /** Starts no more clients and kills those running; each still hands in its record. */
    void stop() {
        stopped = true;
        running.values().forEach(SystemUnderTest.RunningDownload::kill);
    }

    /** Share of the fleet's bytes verified (chunks from observing clients, file size for the others). */
    double share() {
        long done = 0;
        long total = expectedBytes;
        for (String id : sizes.keySet()) {
            done += Math.min(sizes.get(id), progressOf(id));
        }
        return total == 0 ? 1 : (double) done / total;
    }

    double bestShare() {
        double best = 0;
        for (String id : sizes.keySet()) {
            best = Math.max(best, (double) progressOf(id) / Math.max(1, sizes.get(id)));
        }
        return best;
    }

    private long progressOf(String id) {
        AtomicLong counted = verified.get(id);
        long observed = counted == null ? 0 : counted.get();
        if (observed > 0) {
            return observed;
        }
        Long atItsEnd = ended.get(id);
        if (atItsEnd != null) {
            return atItsEnd;
        }
        try {
            Path out = outputs.get(id);
            if (out == null) {
                return 0;
            }
            // The file itself: a link there (to a large file of the user's) said the download was done.
            return Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS) ? Files.size(out) : partFileSize(id, out);
        } catch (IOException gone) {
            return 0;
        }
    }

    /** The file a downloader writes before its rename, once found, and when its folder may be looked in again. */
    private record PartFile(Path found, long nextLookNanos) {
    }

    /** How often a download's folder is listed for its part file while none is found (each tick stats the found one). */
    private static final long PART_FILE_LOOK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * The size of the file a downloader writes before it renames it to {@code out}: the largest file of the
     * download's own folder named after it ({@code video.mp4.part}, {@code video.mp4.tmp}, {@code .video.mp4.x1});
     * 0 when there is none. Followed by {@code out} alone, such a downloader stayed at 0% until its rename, so no
     * {@code atProgress} step fired while it downloaded. Once found, that file alone is looked at; until then the
     * folder is listed at most twice a second per download (a stat per client per 50 ms tick is already ~20,000
     * system calls a second for a fleet of 1000, above).
     */
    private long partFileSize(String id, Path out) throws IOException {
        PartFile known = partFiles.get(id);
        if (known != null && known.found() != null && Files.isRegularFile(known.found(), LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(known.found());
        }
        long now = System.nanoTime();
        if (known != null && now - known.nextLookNanos() < 0) {
            return 0;
        }
        Path folder = out.getParent();
        String name = out.getFileName().toString();
        Path largest = null;
        long largestSize = 0;
        if (folder != null && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                    p -> p.getFileName().toString().startsWith(name + ".")
                            || p.getFileName().toString().startsWith("." + name))) {
                for (Path file : files) {
                    long size = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : -1;
                    if (size >= largestSize) {
                        largest = file;
                        largestSize = size;
                    }
                }
            }
        }
        partFiles.put(id, new PartFile(largest, now + PART_FILE_LOOK_NANOS));
        return largestSize;
    }

    /** The bytes of every client the run will start: each group's clients times the size of its own file. */
    private static long expectedBytes(Scenario scenario, RunOptions options) {
        long total = 0;
        for (ClientGroup group : scenario.clients()) {
            long size = scenario.topology().file(fileOf(scenario, group)).orElseThrow().size();
            int count = options.clientCount().map(max -> Math.min(max, group.count())).orElse(group.count());
            total += size * count;
        }
        return total;
    }

    /** The file a group downloads: its own, else the scenario's first. */
    private static String fileOf(Scenario scenario, ClientGroup group) {
        return group.file() != null ? group.file() : scenario.topology().files().getFirst().name();
    }

    /** A client whose start came after the fleet was stopped. */
    static final class NeverStarted extends RuntimeException {
        NeverStarted(String id) {
            super(id + " was never started: the fleet had been stopped", null, false, false);
        }
    }
}
