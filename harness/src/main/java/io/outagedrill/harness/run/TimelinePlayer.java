package io.outagedrill.harness.run;

import io.outagedrill.harness.scenario.Fault;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays a scenario's timeline: steps at scenario times (compressed to wall time, repeats expanded into their
 * iterations) on one scheduler thread, so steps due at the same time run in file order; and steps at a download
 * progress, fired once when the fleet (or any client) reaches their share. Records every fault window.
 */
final class TimelinePlayer {
    private final Scenario scenario;
    private final FaultDriver driver;
    private final Clock clock;
    private final RunListener listener;
    private final List<FaultWindow> windows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<PendingProgress> progressSteps = new ArrayList<>();

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
        for (Timed t : timed) {
            Duration wall = scenario.wallTime(t.at());
            if (wall.isZero()) {
                fire(t.step());
            } else {
                scheduler.schedule(() -> fire(t.step()), wall.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private record Timed(Duration at, Step step) {
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

    /** Fires progress steps whose share was reached. */
    synchronized void progress(double fleetShare, double bestClientShare) {
        for (PendingProgress pending : List.copyOf(progressSteps)) {
            double share = pending.trigger().of() == Step.ProgressOf.ANY_CLIENT ? bestClientShare : fleetShare;
            if (share >= pending.trigger().share()) {
                progressSteps.remove(pending);
                fire(pending.step());
            }
        }
    }

    private synchronized void fire(Step step) {
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
            note("not applied: " + e.getMessage());
        } catch (Exception e) {
            note("step failed: %s (%s)".formatted(describe(step), e));
        }
    }

    private void apply(Fault fault, String note) throws Exception {
        driver.apply(fault);
        windows.add(new FaultWindow(fault.id(), fault.kind(), fault.target(), note, clock.instant(), null));
        listener.step("fault %s on: %s on %s".formatted(fault.id(), fault.kind(), fault.target()));
        listener.fault(fault.id(), true);
    }

    private void clear(String id) throws Exception {
        driver.clear(id);
        for (int i = windows.size() - 1; i >= 0; i--) {
            FaultWindow w = windows.get(i);
            if (w.id().equals(id) && w.end() == null) {
                windows.set(i, w.closedAt(clock.instant()));
                listener.step("fault %s off".formatted(id));
                listener.fault(id, false);
                break;
            }
        }
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

    /** Clears whatever is still on; the windows end now. */
    synchronized void stop() {
        try {
            driver.clearAll();
        } catch (Exception e) {
            note("could not clear every fault at the end: " + e);
        }
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).end() == null) {
                windows.set(i, windows.get(i).closedAt(clock.instant()));
            }
        }
    }

    synchronized List<FaultWindow> windows() {
        return List.copyOf(windows);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
