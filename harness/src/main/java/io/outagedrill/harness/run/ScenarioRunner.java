package io.outagedrill.harness.run;

import io.outagedrill.fakes.TempTrees;

import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.machine.OthersLoad;
import io.outagedrill.harness.scenario.ClientGroup;
import io.outagedrill.harness.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one scenario: brings its topology up, starts its clients on schedule, plays its timeline, records every
 * download, judges the SLOs and writes the result as JSON. Everything it starts is stopped and deleted when it
 * returns, also when it fails.
 */
public final class ScenarioRunner {
    /** The verdict that fails a run some of whose clients could not run at all. */
    public static final String EVERY_CLIENT_RAN = "every client ran";
    /** How the run's notes begin the reason of each client that could not run. */
    public static final String COULD_NOT_RUN = "a client could not run: ";
    /**
     * How often progress steps are checked for clients that report no chunks (their output file's size counts);
     * a reported chunk checks them at once ({@link Fleet#onVerifiedChunk}).
     */
    private static final Duration PROGRESS_TICK = Duration.ofMillis(50);
    private static final Duration LIMIT_TICK = Duration.ofMillis(200);
    /** How long stopped clients get to hand in their records once a limit is hit. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /**
     * How long a run goes on after its last download for timeline steps still due. Scenarios are written to play
     * in about 20 s, so this only cuts off a timeline far longer than its clients.
     */
    static final Duration MAX_TIMELINE_TAIL = Duration.ofSeconds(60);
    /**
     * How long the world stays up for a timeline step still running when the run ends. Applying or clearing a fault
     * takes a fraction of that; a step slower still is hung, and the world is closed under it all the same, said.
     */
    static final Duration SCHEDULER_GRACE = Duration.ofSeconds(10);

    private final Clock clock;
    private final WorldStarter worlds;
    /** Reads the machine and the run's own CPU time, for the note on a run missed while others were busy. */
    private final Supplier<Optional<OthersLoad.Sample>> machine;

    public ScenarioRunner() {
        this(Clock.systemUTC());
    }

    public ScenarioRunner(Clock clock) {
        this(clock, WorldStarter.EMBEDDED);
    }

    /** Runs in worlds {@code worlds} starts (real servers in containers, say) instead of in-process ones. */
    public ScenarioRunner(Clock clock, WorldStarter worlds) {
        this(clock, worlds, OthersLoad::now);
    }

    /** For tests: the machine's readings from {@code machine} instead of {@code /proc}. */
    ScenarioRunner(Clock clock, WorldStarter worlds, Supplier<Optional<OthersLoad.Sample>> machine) {
        this.clock = clock;
        this.worlds = worlds;
        this.machine = machine;
    }

    public RunResult run(Scenario scenario, RunOptions options) throws IOException, InterruptedException {
        long seed = options.seed().orElse(scenario.seed());
        long startedNanos = System.nanoTime();
        Path work = Files.createTempDirectory("outage-drill-run-" + scenario.name() + "-");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("timeline-" + scenario.name()).factory());
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        List<String> notes = new ArrayList<>();
        Topology world = null;
        WorldRouting routing = null;
        LimitWatch limits = new LimitWatch(options.limits());
        Optional<OthersLoad.Sample> machineBefore = worlds.serversInThisProcessTree() ? machine.get()
                : Optional.empty();
        try {
            world = worlds.start(scenario, seed, clock);
            notes.addAll(worlds.notActedOn(scenario));
            notes.addAll(ScenarioManifests.publish(scenario, world));
            routing = WorldRouting.start(scenario, world, clock, options.routingMetrics());
            options.listener().step(String.format(Locale.ROOT,
                    "topology up: %d providers behind their fault proxies, %d manifest replica(s)",
                    world.providers().size(), world.manifestReplicas().size()));
            FaultDriver driver = new FaultDriver(world, seed);
            TimelinePlayer timeline = new TimelinePlayer(scenario, driver, clock, options.listener());
            Fleet fleet = new Fleet(scenario, options, world, work, seed, notes, limits, clock);
            Instant timeZero = clock.instant();
            timeline.start(scheduler);
            Runnable checkProgress = () -> {
                if (timeline.awaitsProgress()) {
                    timeline.progress(fleet.share(), fleet.bestShare());
                }
            };
            fleet.onVerifiedChunk(checkProgress);
            scheduler.scheduleAtFixedRate(checkProgress, PROGRESS_TICK.toMillis(), PROGRESS_TICK.toMillis(),
                    TimeUnit.MILLISECONDS);
            limits.fleetStarting();
            List<CompletableFuture<DownloadRecord>> downloads = fleet.start(scheduler, clients);
            scheduler.scheduleAtFixedRate(limits::check, LIMIT_TICK.toMillis(), LIMIT_TICK.toMillis(),
                    TimeUnit.MILLISECONDS);
            Duration limit = fleet.clientTimeout().plus(fleet.staggerSpan()).plus(TimelinePlayer.wallSpan(scenario))
                    .plusSeconds(30);
            long deadline = System.nanoTime() + limit.toNanos();
            FleetEnd end = awaitFleet(downloads, limits.hit(), deadline);
            LimitHit hit = limits.hit().getNow(null);
            int pastTimeLimit = 0;
            if (hit != null) {
                options.listener().step(hit.words());
                notes.add(hit.words());
            } else if (end == FleetEnd.TIME_LIMIT) {
                pastTimeLimit = (int) downloads.stream().filter(d -> !d.isDone()).count();
                notes.add(String.format(Locale.ROOT, "the run hit its time limit of %d s with %d client(s) still "
                        + "running; they were stopped and count as failed downloads", limit.toSeconds(),
                        pastTimeLimit));
            }
            if (hit != null || pastTimeLimit > 0) {
                // Stopped, not left running: a client still verifying chunks would fire progress steps and talk
                // to a world about to close; killed, each still hands in its record, as a failed download.
                fleet.stop();
                awaitFleet(downloads, new CompletableFuture<>(), System.nanoTime() + STOP_GRACE.toNanos());
                deadline = System.nanoTime();
            }
            List<DownloadRecord> records = new ArrayList<>();
            int unfinished = 0;
            int neverStarted = 0;
            int couldNotRun = 0;
            for (CompletableFuture<DownloadRecord> download : downloads) {
                if (!download.isDone()) {
                    unfinished++;
                } else if (download.isCompletedExceptionally() && download.exceptionNow() instanceof Fleet.NeverStarted) {
                    neverStarted++;
                } else if (download.isCompletedExceptionally()) {
                    couldNotRun++;
                    notes.add(COULD_NOT_RUN + download.exceptionNow().getMessage());
                } else {
                    records.add(download.resultNow());
                }
            }
            fleet.leftoversNote().ifPresent(notes::add);
            fleet.lateStartsNote(records).ifPresent(notes::add);
            if (neverStarted > 0) {
                notes.add(String.format(Locale.ROOT, "%d of %d clients were never started: the fleet was stopped first",
                        neverStarted, downloads.size()));
            }
            if (unfinished > 0) {
                notes.add(String.format(Locale.ROOT, "%d client(s) had not stopped %d s after they were told to; they "
                        + "are left out", unfinished, STOP_GRACE.toSeconds()));
            }
            finishTimeline(timeline, deadline, notes);
            timeline.stop();
            routing.close();
            records.sort(Comparator.comparing(DownloadRecord::id));
            notes.addAll(0, timeline.notes());
            notes.addAll(routing.notes());
            // Read once: the verdicts and the record must see the same windows.
            List<FaultWindow> windows = timeline.windows();
            List<SloVerdict> verdicts = new ArrayList<>(
                    new SloEvaluator(records, windows, routing.log()).judge(scenario.slos()));
            if (couldNotRun > 0) {
                verdicts.add(couldNotRunVerdict(couldNotRun, downloads.size()));
            }
            if (hit != null) {
                verdicts.add(limitVerdict(hit, records.size()));
            }
            if (pastTimeLimit > 0) {
                verdicts.add(timeLimitVerdict(limit, pastTimeLimit, downloads.size()));
            }
            scaledDownNote(scenario, options, verdicts).ifPresent(notes::add);
            if (machineBefore.isPresent()) {
                OthersLoad.noteForMiss(machineBefore, machine.get(), verdicts.stream().anyMatch(v -> !v.passed()))
                        .ifPresent(notes::add);
            }
            RunResult result = new RunResult(scenario.name(), scenario.description(), fleet.clientName(),
                    fleet.policyName(), seed, scenario.compress(), timeZero,
                    Duration.ofNanos(System.nanoTime() - startedNanos), windows, notes, records,
                    verdicts, null).withWorld(worlds.name());
            return RunRecords.write(result, options.resultsDir());
        } finally {
            // Stop launching and wait for every client before the world they talk to goes away. Also when
            // interrupted (Ctrl-C): the wait then takes the interrupt aside, so that the world is closed and the
            // temp folder deleted all the same, and gives it back after.
            boolean interrupted = Thread.interrupted();
            scheduler.shutdownNow();
            clients.shutdownNow();
            try {
                if (!clients.awaitTermination(30, TimeUnit.SECONDS)) {
                    // Said, since what they do next (errors against a closed world) is not theirs to explain.
                    options.listener().step("clients still running 30 s after the run ended; closing the world "
                            + "under them");
                }
            } catch (InterruptedException again) {
                interrupted = true;
            }
            try {
                // A step may be applying a fault as the run ends (a run that failed or was stopped never reached
                // timeline.stop(), which waits for it): shutdownNow only interrupts it, and a step applying or
                // clearing a fault on a world closing under it leaves that fault half done and its error unsaid.
                if (!scheduler.awaitTermination(SCHEDULER_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    options.listener().step(String.format(Locale.ROOT, "a timeline step still running %d s after the "
                            + "run ended; closing the world under it", SCHEDULER_GRACE.toSeconds()));
                }
            } catch (InterruptedException again) {
                interrupted = true;
            }
            try {
                if (routing != null) {
                    routing.close();
                }
                if (world != null) {
                    world.close();
                }
            } finally {
                TempTrees.deleteQuietly(work);
                limits.close();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private enum FleetEnd { ALL_DONE, LIMIT_HIT, TIME_LIMIT }

    /** Waits until every download is done, {@code stop} completes, or the deadline passes, whichever is first. */
    private static FleetEnd awaitFleet(List<CompletableFuture<DownloadRecord>> downloads, CompletableFuture<?> stop,
                                       long deadline) throws InterruptedException {
        CompletableFuture<?> all = CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
                .exceptionally(failed -> null);
        try {
            CompletableFuture.anyOf(all, stop).get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return FleetEnd.TIME_LIMIT;
        } catch (java.util.concurrent.ExecutionException cannotHappen) {
            // allOf's failures are mapped away, and a stop signal only ever completes normally.
            throw new IllegalStateException(cannotHappen);
        }
        return stop.isDone() ? FleetEnd.LIMIT_HIT : FleetEnd.ALL_DONE;
    }

    /** A failed verdict for a fleet stopped at a limit: the run must fail even when its SLOs look fine. */
    private static SloVerdict limitVerdict(LimitHit hit, int finished) {
        return new SloVerdict("fleet within its limits", "the whole fleet run within the process's limits",
                "out of %s after %s".formatted(hit.limit().what(), SloEvaluator.secs(hit.after())), false, finished,
                hit.words());
    }

    /**
     * A failed verdict for a run that had to stop clients at its time limit: a hung client must fail the run even
     * when the SLOs, judged over the downloads that ended, look fine.
     */
    private static SloVerdict timeLimitVerdict(Duration limit, int stillRunning, int clients) {
        return new SloVerdict("every client ended in time", "every client ended within the run's time limit",
                String.format(Locale.ROOT, "%d of %d still running after %d s", stillRunning, clients,
                        limit.toSeconds()), false,
                clients, "the run's time limit is the client timeout, the clients' start span and the timeline's "
                        + "length, plus 30 s: a client running past it is hung or far slower than the scenario "
                        + "allows");
    }

    /**
     * Fewer clients than the scenario's groups hold (a quick run's {@code --clients N}) keep the span of each
     * group's starts, further apart: a fault window between two starts then has no download, and its SLO fails as
     * not judged for that alone. Says so, with the counts, when it happened.
     */
    static Optional<String> scaledDownNote(Scenario scenario, RunOptions options, List<SloVerdict> verdicts) {
        if (options.clientCount().isEmpty() || verdicts.stream().noneMatch(SloEvaluator::emptyWindow)) {
            return Optional.empty();
        }
        int max = options.clientCount().get();
        List<String> scaled = new ArrayList<>();
        for (int i = 0; i < scenario.clients().size(); i++) {
            int count = scenario.clients().get(i).count();
            if (count > max) {
                scaled.add("%d of group %d's %d".formatted(max, i + 1, count));
            }
        }
        if (scaled.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this run started " + String.join(", ", scaled) + " clients (a client count of " + max
                + " per group), further apart than the scenario's own: an SLO whose window fell between two starts "
                + "had no download to judge. Run with more clients, or the scenario's own counts, to judge it");
    }

    /**
     * A failed verdict for clients that could not run (an adapter that threw, a tool not installed): they leave no
     * record, so the SLOs, judged over the downloads that did run, would pass a run that lost some of its clients.
     */
    private static SloVerdict couldNotRunVerdict(int couldNotRun, int clients) {
        return new SloVerdict(EVERY_CLIENT_RAN, "every client started its download and handed in a record",
                String.format(Locale.ROOT, "%d of %d could not run", couldNotRun, clients), false, clients,
                "they left no record, so no SLO judged them; the run's notes say why each could not run");
    }

    /**
     * Plays the rest of the timeline when the clients are done before it (bounded by the run's deadline and
     * {@link #MAX_TIMELINE_TAIL}), so faults clear when the scenario says and the report shows every step; then
     * notes every step that never fired, so a clear or a second wave that did not happen is never silent.
     */
    private void finishTimeline(TimelinePlayer timeline, long deadline, List<String> notes)
            throws InterruptedException {
        long waitStarted = System.nanoTime();
        Duration left = Duration.ofNanos(Math.max(0, deadline - waitStarted));
        boolean allFired = timeline.awaitTimedSteps(left.compareTo(MAX_TIMELINE_TAIL) < 0 ? left : MAX_TIMELINE_TAIL);
        Duration waited = Duration.ofNanos(System.nanoTime() - waitStarted);
        if (allFired && waited.toMillis() >= 100) {
            notes.add("the run went on %s after the last download to play the timeline's remaining steps"
                    .formatted(SloEvaluator.secs(waited)));
        }
        List<String> unfired = timeline.unfiredSteps();
        if (!unfired.isEmpty()) {
            notes.add("timeline steps that never fired (the run ended first: it waits at most %s after its last "
                    .formatted(SloEvaluator.secs(MAX_TIMELINE_TAIL)) + "download for the rest of the timeline): "
                    + String.join("; ", unfired));
        }
    }

    static String name(ClientGroup.Client client) {
        return client.text();
    }

}
