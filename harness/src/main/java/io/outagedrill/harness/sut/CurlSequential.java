package io.outagedrill.harness.sut;

import io.outagedrill.client.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * curl in the simplest multi-mirror loop: try each mirror in order with {@code --retry}, check the SHA-256 afterwards
 * (as {@code sha256sum -c} would), and move on to the next mirror when either fails. This is the baseline most
 * shell pipelines have; curl itself checks no hash and has no mirror list.
 */
public final class CurlSequential implements SystemUnderTest {
    private final Clock clock;

    public CurlSequential(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "curl";
    }

    /** It is given the mirrors' URLs, one after another, never the manifest. */
    @Override
    public boolean readsTheSignedManifest() {
        return false;
    }

    /**
     * Only which mirror failed: curl itself says nothing about chunks, and the loop, not curl, moves on. Each
     * failure moves to the next mirror, so measurements count each one as a failover.
     */
    @Override
    public Set<Capability> reports() {
        return Set.of(Capability.MIRROR_FAILURES);
    }

    @Override
    public Optional<String> unavailable() {
        return Tools.missing("curl", "curl");
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        Files.createDirectories(job.outputDir());
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        List<Observation> observations = new CopyOnWriteArrayList<>();
        int[] exit = {-1};
        // Set when the job's time ran out inside the loop, which then ends at once rather than at await's grace.
        boolean[] outOfTime = {false};
        StringBuilder output = new StringBuilder();
        List<Process> running = new CopyOnWriteArrayList<>();
        Thread loop = Thread.ofVirtual().name("curl-" + job.id()).start(() -> {
            long deadline = startedNanos + job.timeout().toNanos();
            for (URI mirror : job.mirrorUrls()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    outOfTime[0] = true;
                    break;
                }
                Observation attempt = new Observation.AttemptStarted(clock.instant(), mirror.getHost(), -1,
                        job.size());
                observations.add(attempt);
                observer.accept(attempt);
                try {
                    Process curl = new ProcessBuilder(command(job, mirror)).redirectErrorStream(true).start();
                    running.add(curl);
                    boolean finished = curl.waitFor(left, TimeUnit.NANOSECONDS);
                    if (!finished) {
                        // Killed first: reading a curl that still runs would wait for it to end or print 4 KiB.
                        // Through its handle, since Process.destroyForcibly also closes the output read next.
                        curl.toHandle().destroyForcibly();
                        curl.waitFor(5, TimeUnit.SECONDS);
                        String said = new String(curl.getInputStream().readNBytes(4096)).strip();
                        synchronized (output) {
                            output.append(mirror.getHost()).append(": killed at the job's timeout")
                                    .append(said.isEmpty() ? "" : " " + said).append('\n');
                        }
                        outOfTime[0] = true;
                        break;
                    }
                    String said = new String(curl.getInputStream().readNBytes(4096)).strip();
                    synchronized (output) {
                        output.append(mirror.getHost()).append(": exit ").append(curl.exitValue())
                                .append(said.isEmpty() ? "" : " " + said).append('\n');
                    }
                    if (curl.exitValue() == 0 && hashMatches(job.destination(), job.sha256())) {
                        exit[0] = 0;
                        return;
                    }
                    Observation failed = new Observation.MirrorFailed(clock.instant(), mirror.getHost(),
                            curl.exitValue() == 0 ? new Observation.Reason("CORRUPT", "SHA-256 mismatch")
                                    : new Observation.Reason("CURL_EXIT", "curl exit " + curl.exitValue()));
                    observations.add(failed);
                    observer.accept(failed);
                } catch (IOException e) {
                    synchronized (output) {
                        output.append(e.getMessage()).append('\n');
                    }
                } catch (InterruptedException e) {
                    running.forEach(Process::destroyForcibly);
                    return;
                }
            }
            exit[0] = 1; // the loop ran out of mirrors
        });
        return new RunningDownload() {
            @Override
            public DownloadOutcome await() throws InterruptedException {
                boolean finished = loop.join(job.timeout().plus(Duration.ofSeconds(5)));
                if (!finished) {
                    kill();
                    loop.join(Duration.ofSeconds(10));
                }
                return ProcessDownload.outcome(job, name(), exit[0], started,
                        Duration.ofNanos(System.nanoTime() - startedNanos), !finished || outOfTime[0], observations,
                        output.toString());
            }

            @Override
            public void kill() {
                loop.interrupt();
                running.forEach(Process::destroyForcibly);
            }
        };
    }

    /**
     * Names are looked up through the world's name server over HTTPS ({@code --doh-url}, trusted through the same
     * {@code --cacert}) where the run has one, so the scenario's DNS faults reach curl: Debian's curl is built without
     * c-ares and has no {@code --dns-servers}, but speaks DoH. The runner's worlds always have one; a job without
     * (hand-made, in tests) fixes each host's address up front instead.
     */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return true;
    }

    /** {@code --interface} with the job's source address when it has one. */
    @Override
    public boolean connectsFromItsOwnAddress() {
        return true;
    }

    static List<String> command(DownloadJob job, URI mirror) {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail",
                "--retry", job.options().getOrDefault("retry", "3"), "--retry-delay", "1",
                "--connect-timeout", "5", "--speed-limit", "16384", "--speed-time", "10",
                "--cacert", job.caCertificate().toString(), "--output", job.destination().toString()));
        Optional<URI> doh = job.resolver() == null ? Optional.empty() : job.resolver().dohUrl();
        if (doh.isPresent()) {
            command.addAll(List.of("--doh-url", doh.get().toString())); // --resolve would take precedence over it
        } else {
            int port = mirror.getPort() > 0 ? mirror.getPort() : "https".equals(mirror.getScheme()) ? 443 : 80;
            for (Map.Entry<String, InetAddress> e : job.resolve().entrySet()) {
                command.addAll(List.of("--resolve", e.getKey() + ":" + port + ":" + e.getValue().getHostAddress()));
            }
        }
        job.sourceAddress().ifPresent(address -> command.addAll(List.of("--interface", address.getHostAddress())));
        command.add(mirror.toString());
        return command;
    }

    private static boolean hashMatches(Path file, String sha256) {
        try {
            return Files.isRegularFile(file) && Sha256.ofFile(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }
}
