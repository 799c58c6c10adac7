package io.outagedrill.benchmarks.peers;

import io.outagedrill.harness.machine.CpuTimes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.transfer.TransferOptions;
import io.outagedrill.fakes.tls.ServerCredentials;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code drill bench peers}: the reference client's CLI beside aria2c, curl+sha256sum and openssl, against three
 * nginx mirrors on loopback (127.0.0.2-4), each contender a fresh process timed by the kernel, N rounds with the
 * contenders interleaved so that a change in the machine's load hits all of them alike.
 */
public final class PeersBench {
    /** Every contender, in the order a full table runs them: {@code --contenders}' default. */
    public static final String ALL_CONTENDERS = "drill-https,drill-http,aria2c-https,curl-https,curl-https-sync,"
            + "curl-http,openssl,receive-floor,jvm-receive-floor,jvm-download-floor,write-floor";
    static final List<String> MIRROR_ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    static final Tool NGINX = new Tool("nginx", "nginx-light");
    static final Tool GNU_TIME = new Tool(TimedProcess.TIME, "time");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    /**
     * @param size        bytes of the generated file
     * @param chunkSize   the manifest's chunk size
     * @param runs        rounds; each runs every contender once
     * @param contenders  contender names ({@link #ALL_CONTENDERS})
     * @param dir         work folder (file, mirrors, outputs); emptied first
     * @param drill       the {@code drill} launcher the reference client runs through
     * @param json        where the JSON goes
     * @param warmUp      one untimed download by the reference client first (the launcher may build the project)
     * @param serveFor    when positive, time nothing: keep the mirrors up this long and print each contender's
     *                    command, for profiling one by hand
     * @param blackhole   when positive, each round also runs every downloading contender that takes several
     *                    mirrors with the first mirror turned into a blackhole this long after its first bytes
     * @param baseline    another build's {@code drill} launcher, for the {@code @baseline} contenders
     */
    public record Settings(long size, long chunkSize, int runs, List<String> contenders, Path dir, Path drill,
                           Path json, boolean warmUp, Duration serveFor, Duration blackhole, Optional<Path> baseline) {
        public Settings {
            contenders = List.copyOf(contenders);
            contenders.forEach(Contender::named); // an unknown name fails here, before any server starts
            if (baseline.isEmpty() && contenders.stream().map(Contender::named)
                    .anyMatch(c -> c instanceof Contender.DrillGet d && d.baseline())) {
                throw new IllegalArgumentException("contenders ending in " + Contender.BASELINE
                        + " need a baseline launcher (--baseline)");
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs: expected at least 1, was " + runs);
            }
            if (size < 1) {
                throw new IllegalArgumentException("--size: expected at least 1 byte, was " + size);
            }
            // BenchFile's rule, and the manifest's: said before the file is generated and the mirrors start.
            if (chunkSize < 8 || chunkSize % 8 != 0) {
                throw new IllegalArgumentException("--chunk: expected a positive multiple of 8 bytes, was " + chunkSize);
            }
            long chunks = (size - 1) / chunkSize + 1;
            if (chunks > MAX_CHUNKS) {
                throw new IllegalArgumentException(("--chunk: a file of %d bytes in chunks of %d bytes needs %d chunk "
                        + "hashes, more than the %d a signed manifest holds; use chunks of at least %d bytes")
                        .formatted(size, chunkSize, chunks, MAX_CHUNKS, smallestChunk(size)));
            }
        }
    }

    /** Chunk hashes that fit in a manifest a client reads (at most 1 MiB of JSON, 67 bytes a hash). */
    static final long MAX_CHUNKS = 15_000;

    /** The smallest chunk size, a multiple of 8 bytes, that keeps {@code size} within {@link #MAX_CHUNKS}. */
    private static long smallestChunk(long size) {
        long bytes = (size - 1) / MAX_CHUNKS + 1;
        return (bytes + 7) / 8 * 8;
    }

    /**
     * The contender names with, after each {@code drill-*} one, its twin run through the baseline launcher (unless
     * listed already); an unknown name fails as {@link Settings} does.
     */
    public static List<String> withBaselineTwins(List<String> names) {
        List<String> parsed = names.stream().map(n -> Contender.named(n).name()).toList();
        List<String> all = new ArrayList<>();
        for (String name : parsed) {
            all.add(name);
            if (Contender.named(name) instanceof Contender.DrillGet d && !d.baseline()
                    && !parsed.contains(name + Contender.BASELINE)) {
                all.add(name + Contender.BASELINE);
            }
        }
        return all;
    }

    /** What a bench produced: the report, or why nothing could run. */
    public record Outcome(Optional<PeersReport> report, List<String> skipped, List<String> failures,
                          Optional<String> notRun) {
        public boolean ok() {
            return notRun.isEmpty() && failures.isEmpty() && report.isPresent();
        }
    }

    private PeersBench() {
    }

    /** Why the bench cannot run at all here (nginx or GNU time missing), saying what to install. */
    public static Optional<String> missingPrerequisite() {
        for (Tool t : List.of(NGINX, GNU_TIME)) {
            if (t.find().isEmpty()) {
                return Optional.of(t.installHint());
            }
        }
        return Optional.empty();
    }

    /** Left in the work folder, so that a later bench may empty it again. */
    static final String MARKER = ".peers-bench";

    /**
     * Why {@code dir} must not be emptied: it holds something other than an earlier bench's folder (a home folder,
     * a mount point given to measure its file system, a checkout); empty when it is new, empty or the bench's own.
     */
    static Optional<String> folderRefusal(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("--dir %s: not a folder; give a new or empty folder".formatted(dir));
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        }
        // Folders of benches before the marker hold the generated file.
        if (empty || Files.exists(dir.resolve(MARKER)) || Files.exists(dir.resolve("www/peers-bench.bin"))) {
            return Optional.empty();
        }
        return Optional.of(("--dir %s: not empty, and not a folder this bench made; it empties its folder first, so "
                + "give a new or empty folder (such as %s)").formatted(dir, dir.resolve("peers-bench")));
    }

    public static Outcome run(Settings settings, PrintStream out) throws IOException {
        Optional<String> refused = folderRefusal(settings.dir().toAbsolutePath());
        if (refused.isPresent()) {
            return new Outcome(Optional.empty(), List.of(), List.of(), refused);
        }
        Optional<String> missing = missingPrerequisite();
        if (missing.isPresent()) {
            return new Outcome(Optional.empty(), List.of(), List.of(), missing);
        }
        List<Contender> contenders = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : settings.contenders()) {
            Contender c = Contender.named(name);
            Optional<String> absent = c.tool().filter(t -> t.find().isEmpty()).map(Tool::installHint);
            if (absent.isPresent()) {
                skipped.add(name + ": " + absent.get());
                out.println("skipping " + name + ": " + absent.get());
            } else {
                contenders.add(c);
            }
        }
        Path dir = settings.dir().toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(MARKER));
        List<NginxMirror> mirrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Stopped with Ctrl-C or SIGTERM, the finally below does not run: without this hook the nginx processes
        // would outlive the bench.
        Thread stopMirrors = new Thread(() -> mirrors.forEach(NginxMirror::close), "peers-bench-stop-mirrors");
        Runtime.getRuntime().addShutdownHook(stopMirrors);
        try {
            out.printf("generating %d bytes (chunk %d)...%n", settings.size(), settings.chunkSize());
            Path www = Files.createDirectories(dir.resolve("www"));
            BenchFile file = BenchFile.generate(www.resolve("peers-bench.bin"), settings.size(), settings.chunkSize(),
                    42);
            TestCertificateAuthority ca = TestCertificateAuthority.create();
            Path caPem = ca.writePem(dir.resolve("ca.pem"));
            String nginx = NGINX.find().orElseThrow().toString();
            for (int i = 0; i < MIRROR_ADDRESSES.size(); i++) {
                String address = MIRROR_ADDRESSES.get(i);
                Path prefix = Files.createDirectories(dir.resolve("mirror-" + i));
                ServerCredentials credentials = ca.issue(address);
                Path chain = Files.writeString(prefix.resolve("chain.pem"), chainPem(credentials));
                Path key = Files.writeString(prefix.resolve("key.pem"), keyPem(credentials));
                mirrors.add(NginxMirror.start(nginx, "mirror-" + i, InetAddress.getByName(address), www, chain, key,
                        prefix));
            }
            out.printf("three nginx mirrors up: %s%n", mirrors.stream().map(m -> m.httpsUrl(file.path()
                    .getFileName().toString()).toString()).toList());
            Setup setup = setup(dir, file, mirrors, caPem, settings.drill(), settings.baseline());
            if (settings.serveFor().isPositive()) {
                serve(setup, contenders, dir, settings.serveFor(), out);
                return new Outcome(Optional.empty(), skipped, List.of(), Optional.of("only served, timed nothing"));
            }
            Optional<PageReporting> reporting = PageReporting.active();
            reporting.ifPresent(r -> out.println(r.warning()));
            if (settings.warmUp()) {
                warmUp(setup, contenders, dir, out);
            }
            String loadBefore = loadAverage();
            Optional<CpuTimes> cpuBefore = CpuTimes.now();
            List<PeersReport.Sample> samples = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int run = 1; run <= settings.runs(); run++) {
                for (Contender c : roundOrder(contenders, run)) {
                    List<Optional<Duration>> faults = new ArrayList<>(List.of(Optional.<Duration>empty()));
                    if (settings.blackhole().isPositive() && c.multiMirror()) {
                        faults.add(Optional.of(settings.blackhole()));
                    }
                    for (Optional<Duration> fault : faults) {
                        tally(runOnce(setup, c, run, dir, mirrors, fault), run, settings.runs(), samples, failures,
                                out);
                    }
                }
            }
            String loadAfter = loadAverage();
            OptionalDouble steal = cpuBefore.flatMap(b -> CpuTimes.now().map(a -> CpuTimes.stealShare(b, a)))
                    .orElse(OptionalDouble.empty());
            Map<String, String> descriptions = new LinkedHashMap<>();
            contenders.forEach(c -> {
                descriptions.put(c.name(), c.description());
                if (settings.blackhole().isPositive() && c.multiMirror()) {
                    descriptions.put(c.name() + PeersReport.BLACKHOLE, c.withEvents().description()
                            + ", 1 of 3 mirrors blackholed " + settings.blackhole().toMillis() + " ms in");
                }
            });
            PeersReport report = new PeersReport(settings.size(), descriptions, samples);
            out.printf("%nload average (1, 5, 15 min) before: %s, after: %s; %d cores%s%n%n", loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors(), steal.isPresent() ? String.format(Locale.ROOT,
                            "; CPU time stolen by the host over the rounds: %.1f%%", 100 * steal.getAsDouble()) : "");
            out.print(report.table());
            writeJson(settings, report, samples, loadBefore, loadAfter, steal, reporting, failures, skipped);
            out.println("\njson: " + settings.json().toAbsolutePath());
            return new Outcome(Optional.of(report), skipped, failures, Optional.empty());
        } finally {
            mirrors.forEach(NginxMirror::close);
            try {
                Runtime.getRuntime().removeShutdownHook(stopMirrors);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it closes the mirrors (again, harmlessly)
            }
        }
    }

    /**
     * The order of round {@code run} (from 1): as given in odd rounds, reversed in even ones. A contender's place in
     * a round matters on a VM: one that follows a 1 GiB write or delete pays for the writeback and the freeing it
     * leaves, and a build timed always just before its baseline came out 0.3 core-s dearer in one run (both at 4.6
     * when they alternated by hand). Reversed every other round, a build and its baseline take turns going first,
     * and the first and last places change hands; with an even number of rounds, evenly.
     */
    static <T> List<T> roundOrder(List<T> contenders, int run) {
        return run % 2 == 1 ? contenders : contenders.reversed();
    }

    /** Prints each contender's command and keeps the mirrors up, so that one can be run (and profiled) by hand. */
    private static void serve(Setup setup, List<Contender> contenders, Path dir, Duration serveFor, PrintStream out) {
        out.printf("serving for %d s; environment XDG_CACHE_HOME=%s XDG_STATE_HOME=%s%n", serveFor.toSeconds(),
                dir.resolve("xdg-cache"), dir.resolve("xdg-state"));
        for (Contender c : contenders) {
            out.println(c.name() + ": " + String.join(" ", c.command(setup, dir.resolve("runs").resolve(c.name()))));
        }
        try {
            Thread.sleep(serveFor.toMillis()); // serving is all this mode does; the user stops it or it ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds a run's sample or failure to the lists, and prints it. */
    private static void tally(RunResult result, int run, int runs, List<PeersReport.Sample> samples,
                              List<String> failures, PrintStream out) {
        switch (result) {
            case RunResult.Done done -> {
                PeersReport.Sample s = done.sample();
                samples.add(s);
                out.printf("run %d/%d %-23s %6.2f s wall  %6.2f s CPU  %5d MiB  first request %s%s%n", run, runs,
                        s.contender(), s.wallSeconds(), s.cpuSeconds(), s.peakRssKiB() / 1024,
                        s.firstRequestMillis().isPresent() ? s.firstRequestMillis().getAsLong() + " ms" : "-",
                        s.freeze().map(f -> "  (kill -STOP took %d ms)".formatted(f.signalTook().toMillis()))
                                .orElse("") + s.recovery().map(r -> "\n    " + PeersReport.describe(r)).orElse(""));
            }
            case RunResult.Failed failed -> {
                failures.add(failed.why());
                out.println("FAILED " + failed.why());
            }
        }
    }

    /** One run's result: its sample, or why it does not count. */
    private sealed interface RunResult {
        record Done(PeersReport.Sample sample) implements RunResult {
        }

        record Failed(String why) implements RunResult {
        }
    }

    private static RunResult runOnce(Setup setup, Contender contender, int run, Path dir, List<NginxMirror> mirrors,
                                     Optional<Duration> blackhole) throws IOException {
        String name = contender.name() + (blackhole.isPresent() ? PeersReport.BLACKHOLE : "");
        // A faulted run of the reference client prints its events, which time its detection and recovery.
        Contender c = blackhole.isPresent() ? contender.withEvents() : contender;
        Path out = Files.createDirectories(dir.resolve("runs").resolve(name + "-" + run));
        // Beside the run's folder, not in it: the blackhole waits for the first bytes in that folder.
        Optional<Path> events = c.events()
                ? Optional.of(Files.createDirectories(dir.resolve("events")).resolve(name + "-" + run + ".jsonl"))
                : Optional.empty();
        List<Long> marks = mirrors.stream().map(NginxMirror::logMark).toList();
        OptionalDouble mirrorsCpuBefore = mirrorsCpuSeconds(mirrors);
        TimedProcess.Usage usage;
        Blackhole fault = blackhole.map(after -> Blackhole.after(mirrors.getFirst(),
                events.map(Blackhole::firstByteEvent).orElse(Blackhole.bytesIn(out)), after, RUN_LIMIT))
                .orElse(null);
        try {
            usage = TimedProcess.run(c.command(setup, out), out, environment(dir), RUN_LIMIT, events);
        } catch (IOException e) {
            return new RunResult.Failed("%s run %d: %s".formatted(name, run, e.getMessage()));
        } finally {
            if (fault != null) {
                fault.close();
            }
        }
        if (fault != null && !fault.happened()) {
            deleteTree(out);
            return new RunResult.Failed("%s run %d: finished before the blackhole; use a larger --size"
                    .formatted(name, run));
        }
        Optional<String> problem = c.problem(setup, out, usage);
        Optional<Recovery.Measured> recovery = Optional.empty();
        if (events.isPresent()) {
            List<ClientEvents> seen = ClientEvents.read(events.get());
            if (problem.isEmpty() && seen.stream().noneMatch(e -> e instanceof ClientEvents.Completed)) {
                problem = Optional.of("no 'completed' event in " + events.get());
            }
            problem = problem.map(p -> p + lastLine(events.get()));
            if (fault != null && problem.isEmpty()) {
                recovery = Optional.of(Recovery.measure(seen, fault.freeze().orElseThrow().at(),
                        setup.httpsUrls().getFirst().getHost(), tailBytes(setup)));
            }
        }
        OptionalDouble mirrorsCpu = OptionalDouble.empty();
        OptionalDouble mirrorsCpuAfter = mirrorsCpuSeconds(mirrors);
        if (c.downloads() && mirrorsCpuBefore.isPresent() && mirrorsCpuAfter.isPresent()) {
            mirrorsCpu = OptionalDouble.of(mirrorsCpuAfter.getAsDouble() - mirrorsCpuBefore.getAsDouble());
        }
        OptionalLong first = OptionalLong.empty();
        if (c.downloads()) {
            long earliest = Long.MAX_VALUE;
            for (int i = 0; i < mirrors.size(); i++) {
                OptionalLong at = mirrors.get(i).firstRequestSince(marks.get(i));
                if (at.isPresent()) {
                    earliest = Math.min(earliest, at.getAsLong());
                }
            }
            if (earliest != Long.MAX_VALUE) {
                first = OptionalLong.of(Math.max(0, earliest - usage.startedEpochMillis()));
            }
        }
        deleteTree(out);
        deleteTree(dir.resolve("xdg-cache"));
        if (problem.isPresent()) {
            return new RunResult.Failed("%s run %d: %s".formatted(name, run, problem.get()));
        }
        return new RunResult.Done(new PeersReport.Sample(name, usage.wallSeconds(), usage.cpuSeconds(),
                usage.peakRssKiB(), first, fault == null ? Optional.empty() : fault.freeze(), recovery,
                usage.systemSeconds(), mirrorsCpu));
    }

    /**
     * The CPU every nginx process of the mirrors has used so far, as the kernel accounts it; empty where the
     * platform does not tell (the difference over a run is what serving that contender cost).
     */
    private static OptionalDouble mirrorsCpuSeconds(List<NginxMirror> mirrors) {
        long nanos = 0;
        for (NginxMirror mirror : mirrors) {
            for (ProcessHandle p : mirror.processes()) {
                Optional<Duration> cpu = p.info().totalCpuDuration();
                if (cpu.isEmpty()) {
                    return OptionalDouble.empty();
                }
                nanos += cpu.get().toNanos();
            }
        }
        return OptionalDouble.of(nanos / 1e9);
    }

    /**
     * Received bytes after which the reference client's download is in its tail: fewer bytes left than its
     * connections (the CLI's default) can have in flight, so connections fall idle whatever the mirrors do.
     */
    private static long tailBytes(Setup setup) {
        int connections = Integer.parseInt(TransferOptions.byName("connections").orElseThrow().defaultText()
                .orElseThrow());
        return setup.file().size() - connections * setup.file().chunkSize();
    }

    /** The events file's last line (with {@code --json} a failure is told there, not on stderr). */
    private static String lastLine(Path events) {
        try {
            List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : "; last event: " + lines.getLast();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * One untimed download by the reference client first: {@code ./drill} builds the project when its sources
     * changed, which must not land in a measured run. Then each contender's own warm-up, if it has one.
     */
    private static void warmUp(Setup setup, List<Contender> contenders, Path dir, PrintStream out) throws IOException {
        // One per launcher: each builds its own project and writes its own class archive on its first run.
        Map<Path, Contender.DrillGet> byLauncher = new LinkedHashMap<>();
        contenders.stream().filter(c -> c instanceof Contender.DrillGet).map(c -> (Contender.DrillGet) c)
                .forEach(c -> byLauncher.putIfAbsent(c.launcher(setup), c));
        for (Contender.DrillGet drill : byLauncher.values()) {
            out.println("warm-up (untimed): " + drill.name());
            Path scratch = Files.createDirectories(dir.resolve("runs").resolve("warm-up"));
            TimedProcess.Usage usage = TimedProcess.run(drill.command(setup, scratch), scratch, environment(dir),
                    RUN_LIMIT);
            Optional<String> problem = drill.problem(setup, scratch, usage);
            deleteTree(scratch);
            deleteTree(dir.resolve("xdg-cache"));
            if (problem.isPresent()) {
                throw new IOException("the warm-up download of " + drill.name() + " failed: " + problem.get());
            }
        }
        for (Contender c : contenders) {
            Path scratch = dir.resolve("runs").resolve("warm-up");
            Optional<List<String>> command = c.warmUp(setup, scratch);
            if (command.isEmpty()) {
                continue;
            }
            out.println("warm-up (untimed): " + c.name());
            Files.createDirectories(scratch);
            TimedProcess.Usage usage = TimedProcess.run(command.get(), scratch, environment(dir), RUN_LIMIT);
            deleteTree(scratch);
            if (usage.exitCode() != 0) {
                // Its timed runs still run, only without what the warm-up would have prepared.
                out.printf("the warm-up of %s failed (exit code %d), so its runs go without it: %s%n", c.name(),
                        usage.exitCode(), usage.output().strip());
            }
        }
    }

    /** Cache and state of the reference client inside the bench folder: every run starts with an empty cache. */
    private static Map<String, String> environment(Path dir) {
        return Map.of("XDG_CACHE_HOME", dir.resolve("xdg-cache").toString(),
                "XDG_STATE_HOME", dir.resolve("xdg-state").toString());
    }

    private static Setup setup(Path dir, BenchFile file, List<NginxMirror> mirrors, Path caPem, Path drill,
                               Optional<Path> baseline) throws IOException {
        String name = file.path().getFileName().toString();
        List<URI> https = mirrors.stream().map(m -> m.httpsUrl(name)).toList();
        List<URI> http = mirrors.stream().map(m -> m.httpUrl(name)).toList();
        JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "peers-bench");
        Path trust = dir.resolve("keys.jwks");
        ManifestKeys.addToPublicSet(key, trust);
        ManifestSigner signer = new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        Path httpsManifest = Files.writeString(dir.resolve("https.jws"), signer.sign(manifest(file, https)) + "\n");
        Path httpManifest = Files.writeString(dir.resolve("http.jws"), signer.sign(manifest(file, http)) + "\n");
        Setup setup = new Setup(file, https, http, httpsManifest, httpManifest, caPem, trust, drill, baseline, dir);
        Files.write(setup.chunkHashes(), file.chunkHashes()); // for the JVM download floor
        return setup;
    }

    private static Manifest manifest(BenchFile file, List<URI> urls) {
        List<Mirror> mirrors = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String provider = "mirror-" + (char) ('a' + i);
            mirrors.add(new Mirror(provider, urls.get(i), 1, "", provider));
        }
        Target target = new Target(file.path().getFileName().toString(), file.size(), file.sha256(),
                "application/octet-stream", file.chunkSize(), file.chunkHashes(), mirrors);
        return new Manifest(target, Instant.now().plus(Duration.ofDays(1)), 1, List.of());
    }

    static String chainPem(ServerCredentials credentials) {
        StringBuilder pem = new StringBuilder();
        credentials.chain().forEach(c -> {
            try {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a test certificate cannot be encoded", e);
            }
        });
        return pem.toString();
    }

    /** The key as unencrypted PKCS#8 ({@code getEncoded()} of an EC key), which nginx's OpenSSL reads. */
    static String keyPem(ServerCredentials credentials) {
        return pem("PRIVATE KEY", credentials.privateKey().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void writeJson(Settings settings, PeersReport report, List<PeersReport.Sample> samples,
                                  String loadBefore, String loadAfter, OptionalDouble steal,
                                  Optional<PageReporting> reporting, List<String> failures,
                                  List<String> skipped) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(report.json());
        json.put("chunkSizeBytes", settings.chunkSize());
        json.put("runsPerContender", settings.runs());
        json.put("loadAverageBefore", loadBefore);
        json.put("loadAverageAfter", loadAfter);
        json.put("stealShare", steal.isPresent() ? steal.getAsDouble() : null);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        // The smallest block of freed memory the host takes back (PageReporting); null when it takes none back.
        json.put("pageReportingOrder", reporting.map(PageReporting::order).orElse(null));
        json.put("skipped", skipped);
        json.put("failures", failures);
        json.put("samples", samples.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("contender", s.contender());
            m.put("wallSeconds", s.wallSeconds());
            m.put("cpuSeconds", s.cpuSeconds());
            m.put("systemSeconds", s.systemSeconds());
            m.put("mirrorsCpuSeconds", s.mirrorsCpuSeconds().isPresent() ? s.mirrorsCpuSeconds().getAsDouble()
                    : null);
            m.put("peakRssKiB", s.peakRssKiB());
            m.put("firstRequestMillis", s.firstRequestMillis().isPresent() ? s.firstRequestMillis().getAsLong()
                    : null);
            s.freeze().ifPresent(f -> {
                m.put("faultAt", f.at().toString());
                m.put("faultSignalMillis", f.signalTook().toNanos() / 1e6);
            });
            s.recovery().ifPresent(r -> m.put("recovery", PeersReport.json(r)));
            return m;
        }).toList());
        Path parent = settings.json().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(settings.json(), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
