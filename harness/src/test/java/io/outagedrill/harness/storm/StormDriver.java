package io.outagedrill.harness.storm;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.fakes.fault.AppliedFaults;
import io.outagedrill.harness.storm.StormStep.Action;
import io.outagedrill.harness.storm.StormStep.Trigger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Plays a storm's steps against the world while the client downloads: a step fires once its time has come or
 * once the client has verified enough bytes (it listens to the client's {@code ChunkVerified} events). Steps due
 * together fire in the schedule's order. The driver waits on a condition signalled by progress, with the next
 * time-triggered step as its timeout, so it never polls.
 */
final class StormDriver implements DownloadListener, AutoCloseable {
    private final AppliedFaults faults;
    private final List<StormStep> pending;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> fired = new CopyOnWriteArrayList<>();
    private long verifiedBytes;
    private boolean stopped;
    private long startedNanos;
    private Thread thread;

    StormDriver(AppliedFaults faults, List<StormStep> steps) {
        this.faults = faults;
        this.pending = new ArrayList<>(steps);
    }

    void start() {
        startedNanos = System.nanoTime();
        thread = Thread.ofVirtual().name("storm-driver").start(this::run);
    }

    @Override
    public void on(DownloadEvent event) {
        if (event instanceof DownloadEvent.ChunkVerified verified) {
            lock.lock();
            try {
                verifiedBytes += verified.bytes();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void run() {
        while (true) {
            List<StormStep> due = new ArrayList<>();
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                long now = elapsedMillis();
                long nextTime = Long.MAX_VALUE;
                for (Iterator<StormStep> it = pending.iterator(); it.hasNext(); ) {
                    StormStep step = it.next();
                    boolean isDue = switch (step.when()) {
                        case Trigger.AtMillis t -> t.millis() <= now;
                        case Trigger.AtVerifiedBytes b -> b.bytes() <= verifiedBytes;
                    };
                    if (isDue) {
                        due.add(step);
                        it.remove();
                    } else if (step.when() instanceof Trigger.AtMillis t) {
                        nextTime = Math.min(nextTime, t.millis());
                    }
                }
                if (due.isEmpty()) {
                    if (pending.isEmpty()) {
                        return;
                    }
                    if (nextTime == Long.MAX_VALUE) {
                        changed.await();
                    } else {
                        changed.await(nextTime - now, TimeUnit.MILLISECONDS);
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            due.forEach(this::fire);
        }
    }

    private void fire(StormStep step) {
        fired.add(elapsedMillis() + " ms: " + step.describe());
        try {
            switch (step.what()) {
                case Action.Apply a -> faults.apply(a.fault());
                case Action.Clear c -> faults.clear(c.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            errors.add(step.describe() + " failed: " + e);
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** Faults the world refused: a bug in the generator, not in the client. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** The steps that fired, with when. */
    List<String> fired() {
        return List.copyOf(fired);
    }

    /** Stops firing steps; a step already firing completes first. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join();
    }
}
