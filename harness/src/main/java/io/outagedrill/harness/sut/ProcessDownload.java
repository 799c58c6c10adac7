package io.outagedrill.harness.sut;

import io.outagedrill.client.Printable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A downloader running as a child process: its output is read line by line (each line offered to a parser that
 * may turn it into an observation), it is killed with SIGKILL at the job's timeout, and the file it leaves is
 * hashed by the harness. However it ended, the processes it started and left running are ended with it
 * ({@link ProcessTree}): one still writing the file or holding the mirrors would change what the next download, or
 * the harness's own hash, sees.
 */
final class ProcessDownload implements SystemUnderTest.RunningDownload {
    private static final int KEPT_LINES = 40;
    /** The most of one line kept: event lines are far shorter, and a line with no end must not fill the heap. */
    static final int MAX_LINE = 8192;
    /**
     * The most event lines of one download read as observations. The reference client reports a few per chunk (a
     * 10 GiB file in 1 MiB chunks: some 40,000); a downloader that prints them in a loop had every one held in the
     * heap and written into the run record, the record growing for as long as it ran. The rest are counted.
     */
    static final int MAX_OBSERVATIONS = 100_000;
    /** The XDG variable that places a user's caches, set for each download's process. */
    static final String CACHE_HOME = "XDG_CACHE_HOME";
    static final String CACHE_FOLDER = ".cache";
    /** What a downloader reads on its standard input: nothing, at once. */
    private static final java.io.File NO_INPUT = new java.io.File(
            System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");

    private final DownloadJob job;
    private final String client;
    private final ProcessTree tree;
    private final Process process;
    private final Instant started;
    private final long startedNanos = System.nanoTime();
    /** Added to by the reader alone; a plain list, as a copy-on-write one copied itself for each event. */
    private final List<Observation> observations = new ArrayList<>();
    private final AtomicLong eventsLeftOut = new AtomicLong();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread reader;

    ProcessDownload(DownloadJob job, String client, List<String> command, Clock clock,
                    Function<String, Optional<Observation>> parser, Consumer<Observation> observer)
            throws IOException {
        this(job, client, command, Map.of(), clock, parser, observer);
    }

    /** @param environment set in the downloader's environment over what it inherits from this process */
    ProcessDownload(DownloadJob job, String client, List<String> command, Map<String, String> environment,
                    Clock clock, Function<String, Optional<Observation>> parser, Consumer<Observation> observer)
            throws IOException {
        this.job = job;
        this.client = client;
        Files.createDirectories(job.outputDir());
        this.started = clock.instant();
        ProcessBuilder builder = new ProcessBuilder(command).directory(job.outputDir().toFile())
                .redirectErrorStream(true)
                // Nothing to read: a downloader that asks ("overwrite? [y/N]") waited on a pipe the harness never
                // writes to nor closes, until its timeout, and the run said only that it was stopped there. Given
                // an end of input, it answers at once with its own words (or its default).
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        // A cache of the download's own, empty, as on a machine of its own: with the user's (drill get keeps verified
        // files in $XDG_CACHE_HOME/outage-drill) every download after the first was handed the file from disk and
        // passed without a byte from the mirrors. In the download's folder, deleted with it.
        builder.environment().put(CACHE_HOME, job.outputDir().resolve(CACHE_FOLDER).toString());
        // The drill launcher's switches, for a template that runs it (cmd:$PWD/drill get ...): no start-up cache
        // trained in a timed download (seconds of CPU each, on the first run after a build five times the
        // download), and no build per download. Names no other program reads.
        builder.environment().put(ReferenceClientProcess.AOT_TRAINING, "off");
        builder.environment().put(ReferenceClientProcess.BUILD, "off");
        builder.environment().putAll(environment);
        this.tree = ProcessTree.start(builder, job.id());
        this.process = tree.process();
        // A platform thread, not a virtual one: the read blocks in native code for as long as the process keeps its
        // output open, holding the carrier it runs on. A few hung downloaders held every carrier that way, and the
        // virtual threads awaiting them could not wake at their timeout to kill them (ProcessDownloadTest).
        this.reader = Thread.ofPlatform().daemon().name("output-" + job.id()).start(() -> {
            try (InputStreamReader output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                BoundedLines in = new BoundedLines(output, MAX_LINE);
                for (String raw; (raw = in.next()) != null; ) {
                    // Parsed as printed (JSON escapes its own control characters), kept as it may be shown.
                    String line = Printable.of(raw);
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                    }
                    parser.apply(raw).ifPresent(o -> {
                        synchronized (observations) {
                            if (observations.size() >= MAX_OBSERVATIONS) {
                                eventsLeftOut.incrementAndGet();
                                return;
                            }
                            observations.add(o);
                        }
                        observer.accept(o);
                    });
                }
            } catch (IOException closed) {
                // The process ended or was killed.
            }
        });
    }

    @Override
    public DownloadOutcome await() throws InterruptedException {
        boolean finished = process.waitFor(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            // The downloader alone: what it started is ended next, as after any download, asked first and named.
            tree.killProcess();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        // Before the output is awaited: a leftover that inherited the output keeps it open, and the reader with it.
        List<String> leftovers = tree.endLeftovers();
        reader.join(Duration.ofSeconds(5));
        // Timed after the last line is read, so no observation comes after the download's end.
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        int exit = finished ? process.exitValue() : -1;
        List<Observation> observed;
        synchronized (observations) {
            observed = List.copyOf(observations);
        }
        return outcome(job, client, exit, started, elapsed, !finished, observed, output(), leftovers);
    }

    @Override
    public void kill() {
        tree.kill();
    }

    private String output() {
        String lines;
        synchronized (lastLines) {
            lines = String.join("\n", lastLines);
        }
        long leftOut = eventsLeftOut.get();
        return leftOut == 0 ? lines : lines + String.format(java.util.Locale.ROOT,
                "\n[%d more event lines after the first %d of this download not read]", leftOut, MAX_OBSERVATIONS);
    }

    /** Hashes what is at the destination: the harness never takes a downloader's word for it. */
    static DownloadOutcome outcome(DownloadJob job, String client, int exit, Instant started, Duration elapsed,
                                   boolean timedOut, List<Observation> observations, String output) {
        return outcome(job, client, exit, started, elapsed, timedOut, observations, output, List.of());
    }

    private static DownloadOutcome outcome(DownloadJob job, String client, int exit, Instant started,
                                           Duration elapsed, boolean timedOut, List<Observation> observations,
                                           String output, List<String> leftovers) {
        DestinationCheck.Found found = DestinationCheck.at(job);
        return new DownloadOutcome(job.id(), client, exit, found.file(), found.verified(), started, elapsed, timedOut,
                observations, output, leftovers);
    }
}
