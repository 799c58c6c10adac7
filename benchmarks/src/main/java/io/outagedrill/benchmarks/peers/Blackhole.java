package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Turns one mirror into a blackhole a set time into a download: a watcher thread waits until the download has
 * started (so JVM start-up does not eat the delay), waits the delay, then freezes the mirror
 * ({@link NginxMirror#pause}); {@link #close} thaws it after the run. The watcher polls every 10 ms (there is no
 * event for "a file grew"), for at most the run's time limit.
 *
 * <p>"Started" is, for a program that prints the reference client's events, its first {@code first-byte} event
 * ({@link #firstByteEvent}); for any other, a non-empty file in its output folder ({@link #bytesIn}). The folder
 * is a rougher sign: {@code drill get} writes its journal beside the part file before the first request, and
 * aria2c preallocates the whole file, so there the delay counts from a little before the first response byte.
 */
final class Blackhole implements AutoCloseable {
    private static final long POLL_MILLIS = 10;

    private final NginxMirror mirror;
    private final Thread watcher;
    private volatile Freeze frozen;

    /**
     * When the mirror was frozen: the instant just before the {@code kill -STOP} started, on the system's wall
     * clock (which the client's events are stamped with too), and how long the kill took. The signal landed
     * somewhere within that span; taking its start makes every figure measured from the fault err long, never
     * short.
     */
    record Freeze(Instant at, Duration signalTook) {
    }

    private Blackhole(NginxMirror mirror, BooleanSupplier started, Duration after, Duration limit) {
        this.mirror = mirror;
        this.watcher = Thread.ofPlatform().daemon().name("blackhole-" + mirror.name()).start(() -> {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                while (!started.getAsBoolean()) {
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                Thread.sleep(after.toMillis());
                Instant before = Instant.now();
                mirror.pause();
                frozen = new Freeze(before, Duration.between(before, Instant.now()));
            } catch (InterruptedException e) {
                // the run ended first
            }
        });
    }

    static Blackhole after(NginxMirror mirror, BooleanSupplier started, Duration after, Duration limit) {
        return new Blackhole(mirror, started, after, limit);
    }

    /** Started once the folder holds a non-empty file other than the run's own captures. */
    static BooleanSupplier bytesIn(Path folder) {
        return () -> hasBytes(folder);
    }

    /** Started once the client's JSON events (its stdout, as it is written) hold a {@code first-byte} event. */
    static BooleanSupplier firstByteEvent(Path events) {
        return () -> {
            try {
                return Files.exists(events) && Files.readString(events).contains("\"event\":\"first-byte\"");
            } catch (IOException | java.io.UncheckedIOException unreadable) {
                return false; // a multi-byte character half written (malformed input): the next poll reads it whole
            }
        };
    }

    /** Whether the mirror was frozen during the run (a run that ended before the fault is not a fault run). */
    boolean happened() {
        return frozen != null;
    }

    /** When it was frozen, if it was. */
    Optional<Freeze> freeze() {
        return Optional.ofNullable(frozen);
    }

    private static boolean hasBytes(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> {
                // the run's own captures (GNU time's report, the output) are not the download's bytes
                try {
                    return Files.isRegularFile(p) && Files.size(p) > 0 && !p.getFileName().toString()
                            .startsWith("usage-") && !p.getFileName().toString().startsWith("output-");
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
        try {
            watcher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mirror.resume();
    }
}
