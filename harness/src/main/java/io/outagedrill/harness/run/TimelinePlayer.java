package io.outagedrill.harness.run;

import io.outagedrill.client.Durations;
import io.outagedrill.fakes.fault.Fault;
import io.outagedrill.fakes.fault.ManifestFault;
import io.outagedrill.fakes.fault.WrongFileMirrorFault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Plays a scenario's timeline: steps at scenario times (compressed to wall time, repeats expanded into their
 * iterations) on one scheduler thread, so steps due at the same time run in file order; and steps at a download
 * progress, fired once when the fleet (or any client) reaches their share. Records every fault window; a fault
 * still on when the run ends keeps an open window (it was never cleared, and SLOs must not read its end as a clear).
 */
final class TimelinePlayer {
    /**
     * Guards the steps, windows and notes. A lock rather than {@code synchronized}: the chunk hook
     * ({@link Fleet#onVerifiedChunk}) enters it from the clients' virtual threads, which on JDK 21 to 23 would pin
     * their carriers while a fault is applied.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Scenario scenario;
    private final FaultDriver driver;
    private final Clock clock;
    private final RunListener listener;
    private final List<FaultWindow> windows = new ArrayList<>();
    /** Each fault applied, by id (the first application's), for what a note says of it. */
    private final Map<String, Fault> appliedById = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<PendingProgress> progressSteps = new ArrayList<>();
    /** Whether {@link #progressSteps} holds any, read without the lock on every chunk a client verifies. */
    private volatile boolean progressPending;
    /** Timed steps not fired yet, in schedule order. */
    private final List<Timed> dueSteps = new ArrayList<>();
    private CountDownLatch timedStepsLeft = new CountDownLatch(0);
    /** Faults this world could not apply ("not applied" notes): their clears have nothing to undo. */
    private final Set<String> notApplied = new HashSet<>();
    /** Set by {@link #stop}, under the lock: no step fires after it. */
    private boolean stopped;

    private record PendingProgress(Step step, Step.Trigger.AtProgress trigger) {
    }

    TimelinePlayer(Scenario scenario, FaultDriver driver, Clock clock, RunListener listener) {
        this.scenario = scenario;
        this.driver = driver;
        this.clock = clock;
        this.listener = listener;
    }

    /** Applies the steps at time 0 now (before any client starts) and schedules the other timed ones. */
    void start(ScheduledExecutorService scheduler) {
        List<Timed> timed = new ArrayList<>();
        for (Step step : scenario.timeline()) {
            switch (step.trigger()) {
                case Step.Trigger.AtProgress p -> progressSteps.add(new PendingProgress(step, p));
                case Step.Trigger.At at -> expand(step, at.offset(), timed);
            }
        }
        locked(() -> {
            progressPending = !progressSteps.isEmpty();
            dueSteps.addAll(timed);
            timedStepsLeft = new CountDownLatch(timed.size());
        });
        for (Timed t : timed) {
            Duration wall = scenario.wallTime(t.at());
            if (wall.isZero()) {
                fire(t);
            } else {
                scheduler.schedule(() -> fire(t), wall.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** A step at a scenario time; a repeat's inner step once per iteration, at its time in the whole timeline. */
    private record Timed(Duration at, Step step) {
    }

    private void fire(Timed timed) {
        locked(() -> {
            if (dueSteps.remove(timed)) {
                timedStepsLeft.countDown();
                fire(timed.step());
            }
        });
    }

    /**
     * Waits until every timed step has fired, at most {@code max}: the clients may all be done before the timeline
     * is, and a scenario's later steps (a clear, a second wave) still belong to its run.
     *
     * @return true when every timed step fired
     */
    boolean awaitTimedSteps(Duration max) throws InterruptedException {
        return locked(() -> timedStepsLeft).await(max.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The steps that never fired, in words ("at 21:09: clear aws-resets"): timed ones past the run, unmet progress. */
    List<String> unfiredSteps() {
        return locked(() -> {
            List<String> words = new ArrayList<>();
            for (Timed t : dueSteps) {
                words.add("at %s%s: %s".formatted(when(t.at()), intoTheRun(t.at()),
                        StepWords.action(t.step().action())));
            }
            for (PendingProgress p : progressSteps) {
                words.add("atProgress %s of %s: %s".formatted(SloEvaluator.pct(p.trigger().share()),
                        p.trigger().of() == Step.ProgressOf.ANY_CLIENT ? "any client" : "the fleet",
                        StepWords.action(p.step().action())));
            }
            return words;
        });
    }

    /**
     * A step's time as the file could write it: the incident's time of day with a clock, else the scenario time. Past
     * midnight a clock time would name an hour before the clock's ({@code 900m} from 10:00 read "01:00"), so a step
     * that far is named by its scenario time.
     */
    private String when(Duration at) {
        LocalTime clock = scenario.clock();
        boolean sameDay = clock != null && at.compareTo(Duration.ofDays(1).minusNanos(clock.toNanoOfDay())) < 0;
        return sameDay ? clock.plus(at).toString() : Durations.notation(at);
    }

    /**
     * " (15m into the run at compress 60)" when the timeline is compressed: the wall time a user compares with the run's
     * length, to see a wrong unit ({@code 900m} for {@code 900s}).
     */
    private String intoTheRun(Duration at) {
        if (scenario.compress() == 1) {
            return "";
        }
        return " (%s into the run at compress %s)".formatted(Durations.notation(scenario.wallTime(at)),
                BigDecimal.valueOf(scenario.compress()).stripTrailingZeros().toPlainString());
    }

    private static void expand(Step step, Duration at, List<Timed> into) {
        if (step.action() instanceof Step.Action.Repeat repeat) {
            for (int i = 0; i < repeat.times(); i++) {
                Duration iteration = at.plus(repeat.every().multipliedBy(i));
                for (Step inner : repeat.steps()) {
                    Duration offset = inner.trigger() instanceof Step.Trigger.At a ? a.offset() : Duration.ZERO;
                    expand(inner, iteration.plus(offset), into);
                }
            }
        } else {
            into.add(new Timed(at, step));
        }
    }

    /** Wall-clock length of the timed part of the timeline. */
    static Duration wallSpan(Scenario scenario) {
        List<Timed> timed = new ArrayList<>();
        for (Step step : scenario.timeline()) {
            if (step.trigger() instanceof Step.Trigger.At at) {
                expand(step, at.offset(), timed);
            }
        }
        Duration last = timed.stream().map(Timed::at).max(Duration::compareTo).orElse(Duration.ZERO);
        return scenario.wallTime(last);
    }

    /**
     * Whether a progress step is still to fire. Checked before {@link #progress} on each verified chunk: once none
     * is left (or the scenario has none), working out the shares (a pass over every client, a file's size for
     * those that report no chunks) and taking this player's lock, which a timed step holds while it applies a
     * fault, are skipped.
     */
    boolean awaitsProgress() {
        return progressPending;
    }

    /** Fires progress steps whose share was reached. */
    void progress(double fleetShare, double bestClientShare) {
        locked(() -> {
            for (PendingProgress pending : List.copyOf(progressSteps)) {
                double share = pending.trigger().of() == Step.ProgressOf.ANY_CLIENT ? bestClientShare : fleetShare;
                if (share >= pending.trigger().share()) {
                    progressSteps.remove(pending);
                    progressPending = !progressSteps.isEmpty();
                    fire(pending.step());
                }
            }
        });
    }

    /** Runs a step; with {@link #lock} held (both callers take it). None after {@link #stop}. */
    private void fire(Step step) {
        if (stopped) {
            // A client still verifying chunks while the run ends (a progress step), or a timed step already
            // queued: a fault applied now would stay on in a world whose faults were just cleared for good.
            return;
        }
        if (step.note() != null && !step.note().isBlank()) {
            listener.step(step.note());
        }
        try {
            switch (step.action()) {
                case Step.Action.Apply apply -> apply(apply.fault(), step.note());
                case Step.Action.Clear clear -> clear(clear.id());
                case Step.Action.ClearAll all -> {
                    for (String id : driver.activeIds()) {
                        clear(id);
                    }
                }
                case Step.Action.Repeat repeat -> throw new IllegalStateException("repeats are expanded first");
            }
        } catch (FaultDriver.NotSupportedHere e) {
            if (step.action() instanceof Step.Action.Apply apply) {
                notApplied.add(apply.fault().id());
            }
            note("not applied: " + e.getMessage());
        } catch (InterruptedException e) {
            // The run is stopping (Ctrl-C, the runner's shutdown): said, and the interrupt kept for whoever waits.
            Thread.currentThread().interrupt();
            note("step interrupted as the run stopped: " + describe(step));
        } catch (Exception e) {
            note("step failed: %s (%s)".formatted(describe(step), e));
        }
    }

    private void apply(Fault fault, String note) throws Exception {
        driver.apply(fault);
        appliedById.putIfAbsent(fault.id(), fault);
        windows.add(new FaultWindow(fault.id(), fault.kind(), fault.target(), note, clock.instant(), null));
        listener.step("fault %s on: %s on %s".formatted(fault.id(), fault.kind(), where(fault)));
        listener.fault(fault.id(), true);
    }

    /** What the fault is on, as the progress line says it: a manifest fault names its replica. */
    private static String where(Fault fault) {
        Integer replica = switch (fault) {
            case ManifestFault manifest -> manifest.replica();
            case WrongFileMirrorFault wrongFile -> wrongFile.replica();
            default -> -1;
        };
        if (replica == null) {
            return "every manifest replica";
        }
        return replica > 0 ? "manifest replica " + replica : fault.target();
    }

    private void clear(String id) throws Exception {
        driver.clear(id);
        for (int i = windows.size() - 1; i >= 0; i--) {
            FaultWindow w = windows.get(i);
            if (w.id().equals(id) && w.end() == null) {
                windows.set(i, w.closedAt(clock.instant()));
                listener.step("fault %s off".formatted(id));
                listener.fault(id, false);
                return;
            }
        }
        if (notApplied.contains(id)) {
            return; // its "not applied" note says it all
        }
        // Cleared before it was applied (or twice): the timeline does not do what its author meant, so say so.
        note("clear %s: that fault was not on at the time (a clear before its apply, or a second clear)"
                .formatted(id));
    }

    private void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
            listener.step(text);
        }
    }

    private static String describe(Step step) {
        return step.note() != null ? step.note() : step.action().toString();
    }

    /**
     * Undoes whatever is still on in the topology. Their windows stay open: the scenario never cleared them, and a
     * window ending at the run's end would read as a clear to {@code after:} windows and {@code timeToRecover}.
     */
    void stop() {
        locked(() -> {
            stopped = true;
            try {
                driver.clearAll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                note("clearing the faults at the end was interrupted; the world closes with them on");
            } catch (Exception e) {
                note("could not clear every fault at the end: " + e);
            }
            neverActed().forEach(this::note);
        });
    }

    /**
     * A note for each fault no request met while it was on (an HTTP rule that changed no response): a client that
     * takes the mirrors in order, or one that was done before the fault, never asked the mirror it was on. Its SLOs
     * then judge the clients as if the fault had not happened, and a pass would say nothing about it. Faults whose
     * family counts nothing (toxics, DNS, TLS) are not judged here.
     */
    private List<String> neverActed() {
        Map<String, FaultWindow> byId = new LinkedHashMap<>();
        windows.forEach(w -> byId.putIfAbsent(w.id(), w));
        return byId.values().stream().filter(w -> driver.acted(w.id()) == 0)
                .map(w -> ("%s (%s) on %s never acted: %s; this run's SLOs judged the clients as if it had not "
                        + "happened").formatted(w.kind(), w.id(), w.target(), whyNotMet(w)))
                .toList();
    }

    /**
     * Why a fault acted on nothing: a fault with a probability may have met requests and drawn none (a 5% tail over
     * a few dozen requests), which "no request reached it" would misstate.
     */
    private String whyNotMet(FaultWindow w) {
        if (appliedById.get(w.id()) instanceof io.outagedrill.fakes.fault.HttpFault http
                && http.scope().probability() != null && http.scope().probability() < 1) {
            return ("its %s chance drew no request it applies to while it was on (too few reached %s for it, or none "
                    + "did: a client that takes the mirrors in order, or was done before it, never asks there); a "
                    + "longer window, more clients or a higher probability make it act").formatted(
                    SloEvaluator.pct(http.scope().probability()), w.target());
        }
        return ("no request it applies to reached %s while it was on (a client that takes the mirrors in order, or "
                + "was done before it, never asks there)").formatted(w.target());
    }

    List<FaultWindow> windows() {
        return locked(() -> List.copyOf(windows));
    }

    List<String> notes() {
        return locked(() -> List.copyOf(notes));
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
