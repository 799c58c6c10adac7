package io.outagedrill.harness.cli;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunListener;
import io.outagedrill.harness.sut.Observation;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What a person watching {@code drill run} sees: each timeline step as it fires, and the fleet in one line
 * (running, done, failed, which mirrors the running clients are on) when a client starts, reports or ends, at
 * most once a second. A fleet that reports nothing (every client stalled) prints nothing until it does.
 */
final class LiveProgress implements RunListener {
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();
    private final Map<String, String> mirrorOf = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final java.util.Set<String> faultsOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong lastLine = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - 1_000_000_000L);

    LiveProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void step(String what) {
        say("%s", what);
    }

    @Override
    public void fault(String id, boolean on) {
        if (on) {
            faultsOn.add(id);
        } else {
            faultsOn.remove(id);
        }
    }

    @Override
    public void clientStarted(String id) {
        running.incrementAndGet();
        tick();
    }

    @Override
    public void observed(String clientId, Observation observation) {
        if (observation instanceof Observation.ChunkVerified || observation instanceof Observation.AttemptStarted) {
            mirrorOf.put(clientId, observation.mirror());
        }
        tick();
    }

    @Override
    public void clientFinished(DownloadRecord record) {
        running.decrementAndGet();
        mirrorOf.remove(record.id());
        (record.succeeded() ? done : failed).incrementAndGet();
        tick();
    }

    @Override
    public void clientCouldNotRun(String id, Throwable why) {
        running.decrementAndGet();
        mirrorOf.remove(id);
        failed.incrementAndGet();
        tick();
    }

    private void tick() {
        long now = System.nanoTime();
        long last = lastLine.get();
        // One thread wins the second: clients report on their own threads, and two lines at once say nothing more.
        if (now - last < 1_000_000_000L || !lastLine.compareAndSet(last, now)) {
            return;
        }
        Map<String, Long> byMirror = new TreeMap<>(mirrorOf.values().stream()
                .collect(Collectors.groupingBy(m -> m.isEmpty() ? "?" : m, Collectors.counting())));
        say("clients: %d running%s, %d done, %d failed; faults on: %s", running.get(),
                byMirror.isEmpty() ? "" : " (" + byMirror.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")) + ")", done.get(), failed.get(),
                faultsOn.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(faultsOn)));
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, "  [%6.2f s] %s%n", (System.nanoTime() - startedNanos) / 1e9,
                    String.format(Locale.ROOT, format, args));
        }
    }
}
